# Warnings for the project's own targets (call mlc_set_warnings(target)). No -Wnull-dereference: GCC 12
# reports false positives from inside Asio and libstdc++ whenever a strand goes into an any_io_executor.
function(mlc_set_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
        -Wunused -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2
        # GCC 12 misreads the operator delete of Asio's coroutine frames (a known false positive).
        -Wno-mismatched-new-delete)
endfunction()
