# Runs one compile-fail test (see tests/CMakeLists.txt):
#   cmake -DCXX=<c++> -DCXX_STD=17 -DSOURCE=<file.cpp> -DINCLUDE_DIRS=<a|b>
#         -DSYSTEM_INCLUDE_DIRS=<c|d> -P run.cmake
# Passes iff compiling SOURCE with -fsyntax-only fails, and, when SOURCE's first
# line is `// expect: <regex>`, the diagnostics match <regex>. If SOURCE
# mentions WEIGHTINIT_COMPILE_FAIL_CONTROL, it must also compile cleanly with
# -DWEIGHTINIT_COMPILE_FAIL_CONTROL (positive control).
cmake_minimum_required(VERSION 3.16)

foreach(var CXX SOURCE INCLUDE_DIRS)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: ${var} not set")
  endif()
endforeach()
if(NOT DEFINED CXX_STD OR CXX_STD STREQUAL "")
  set(CXX_STD 17)
endif()

set(flags "-std=c++${CXX_STD}" -fsyntax-only)
string(REPLACE "|" ";" INCLUDE_DIRS "${INCLUDE_DIRS}")
foreach(dir IN LISTS INCLUDE_DIRS)
  list(APPEND flags "-I${dir}")
endforeach()
if(DEFINED SYSTEM_INCLUDE_DIRS AND NOT SYSTEM_INCLUDE_DIRS STREQUAL "")
  string(REPLACE "|" ";" SYSTEM_INCLUDE_DIRS "${SYSTEM_INCLUDE_DIRS}")
  foreach(dir IN LISTS SYSTEM_INCLUDE_DIRS)
    list(APPEND flags -isystem "${dir}")
  endforeach()
endif()

file(STRINGS "${SOURCE}" first_line LIMIT_COUNT 1)
set(expect "")
if(first_line MATCHES "^[ \t]*//[ \t]*expect:[ \t]*(.*[^ \t])[ \t]*$")
  set(expect "${CMAKE_MATCH_1}")
endif()

file(READ "${SOURCE}" content)
if(content MATCHES "WEIGHTINIT_COMPILE_FAIL_CONTROL")
  execute_process(
    COMMAND "${CXX}" ${flags} -DWEIGHTINIT_COMPILE_FAIL_CONTROL "${SOURCE}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR
      "Positive control failed: ${SOURCE} does not compile even with "
      "-DWEIGHTINIT_COMPILE_FAIL_CONTROL (exit ${rc}):\n${out}${err}")
  endif()
endif()

execute_process(
  COMMAND "${CXX}" ${flags} "${SOURCE}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not.")
endif()
if(NOT expect STREQUAL "")
  if(NOT "${out}${err}" MATCHES "${expect}")
    message(FATAL_ERROR
      "${SOURCE} failed to compile as required, but its diagnostics do not match "
      "the expected regex\n  ${expect}\nDiagnostics:\n${out}${err}")
  endif()
  message(STATUS "${SOURCE}: rejected with the expected diagnostic (${expect}).")
else()
  message(STATUS "${SOURCE}: rejected (no `// expect:` regex to check).")
endif()
