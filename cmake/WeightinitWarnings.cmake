# weightinit_set_warnings(<target>)
#
# Applies weightinit's warning set (and, with WEIGHTINIT_WERROR, -Werror) plus,
# with WEIGHTINIT_SANITIZE, ASan + UBSan to one of weightinit's own targets
# (tests, tools, examples, benchmarks). Never used on the INTERFACE library, so
# consumers are not affected. Third-party headers (Eigen, GoogleTest,
# Random123, nlohmann/json, benchmark) come in as SYSTEM include directories,
# so their warnings do not count.
include_guard(GLOBAL)

function(weightinit_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang|AppleClang)$")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wshadow)
    if(WEIGHTINIT_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(WEIGHTINIT_SANITIZE)
      set(_weightinit_san_flags
        -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
      target_compile_options(${target} PRIVATE ${_weightinit_san_flags})
      target_link_options(${target} PRIVATE ${_weightinit_san_flags})
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
    if(WEIGHTINIT_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
    if(WEIGHTINIT_SANITIZE)
      target_compile_options(${target} PRIVATE /fsanitize=address)
    endif()
  endif()
endfunction()
