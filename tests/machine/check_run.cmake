# SPDX-License-Identifier: Apache-2.0
# cmake -DLVZEMU=... -DELF=... -DARGS=a;b [-DEXPECT_RC=n] [-DEXPECT_OUT=s] [-DEXPECT_NOT=s]
#       [-DTWICE=1] -P check_run.cmake
# Runs `lvzemu run ARGS ELF`, checks exit status and stdout; TWICE=1 runs it twice and
# requires identical stdout and retired-instruction counts.
function(run_once rc_var out_var count_var)
  execute_process(COMMAND ${LVZEMU} run ${ARGS} ${ELF} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err TIMEOUT 50)
  string(REGEX MATCH "([0-9]+) instructions" m "${err}")
  set(${rc_var} "${rc}" PARENT_SCOPE)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${count_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  message(STATUS "rc=${rc} stdout=[${out}] stderr=[${err}]")
endfunction()

run_once(rc out count)
if(DEFINED EXPECT_RC AND NOT rc EQUAL EXPECT_RC)
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}")
endif()
if(DEFINED EXPECT_OUT)
  string(FIND "${out}" "${EXPECT_OUT}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "stdout lacks '${EXPECT_OUT}'")
  endif()
endif()
if(DEFINED EXPECT_NOT)
  string(FIND "${out}" "${EXPECT_NOT}" pos)
  if(NOT pos EQUAL -1)
    message(FATAL_ERROR "stdout has '${EXPECT_NOT}'")
  endif()
endif()
if(TWICE)
  run_once(rc2 out2 count2)
  if(NOT out STREQUAL out2 OR NOT count STREQUAL count2 OR NOT rc STREQUAL rc2 OR count STREQUAL "")
    message(FATAL_ERROR "runs differ: [${out}] ${count} rc=${rc} vs [${out2}] ${count2} rc=${rc2}")
  endif()
endif()
