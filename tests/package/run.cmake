# ctest "package_consumer": install the weightinit build tree into a scratch
# prefix, then configure, build and run tests/package against that prefix.
#
#   cmake -DBUILD_DIR=<weightinit build> -DCONSUMER_SOURCE_DIR=<tests/package>
#         -DWORK_DIR=<scratch> [-DCONFIG=<cfg>] [-DGENERATOR=<gen>] [-DCXX=<c++>]
#         -P run.cmake
cmake_minimum_required(VERSION 3.16)

foreach(var BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: ${var} not set")
  endif()
endforeach()
if(NOT DEFINED CONFIG OR CONFIG STREQUAL "")
  set(CONFIG Release)
endif()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/build")

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package_consumer: ${what} failed (exit ${rc}): ${ARGN}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

message(STATUS "== install ${BUILD_DIR} into ${prefix}")
run_step("install" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
         --config "${CONFIG}")

set(configure_args
  -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_BUILD_TYPE=${CONFIG}"
  # Do not let a stale user/system package registry entry stand in for ours.
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(DEFINED GENERATOR AND NOT GENERATOR STREQUAL "")
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(DEFINED CXX AND NOT CXX STREQUAL "")
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX}")
endif()

message(STATUS "== configure consumer")
run_step("consumer configure" "${CMAKE_COMMAND}" ${configure_args})

# It must have used the package we just installed, not some other copy.
file(STRINGS "${consumer_build}/CMakeCache.txt" dir_line REGEX "^weightinit_DIR:")
string(REGEX REPLACE "^weightinit_DIR:[A-Z]+=" "" found_dir "${dir_line}")
get_filename_component(found_dir "${found_dir}" REALPATH)
get_filename_component(real_prefix "${prefix}" REALPATH)
string(FIND "${found_dir}" "${real_prefix}/" pos)
if(NOT pos EQUAL 0)
  message(FATAL_ERROR
    "package_consumer: consumer found weightinit in '${found_dir}', not under '${real_prefix}'")
endif()

message(STATUS "== build consumer")
run_step("consumer build" "${CMAKE_COMMAND}" --build "${consumer_build}" --config "${CONFIG}")

set(exe "${consumer_build}/consumer${CMAKE_EXECUTABLE_SUFFIX}")
if(NOT EXISTS "${exe}" AND EXISTS "${consumer_build}/consumer.exe")
  set(exe "${consumer_build}/consumer.exe")
endif()
message(STATUS "== run ${exe}")
run_step("consumer run" "${exe}")
message(STATUS "package_consumer: OK")
