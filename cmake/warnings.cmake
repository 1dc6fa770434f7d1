# Warnings for the project's own targets (call mlc_set_warnings(target)).
function(mlc_set_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
        -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Wformat=2)
endfunction()
