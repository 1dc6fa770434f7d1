# The layering the build enforces: server -> flows -> {clients, db} -> common. Each library's include root is
# a folder of its own under the build tree holding one link, named as the layer, to the layer's sources. A
# target therefore sees "<layer>/..." only for itself and the libraries it links: `#include "db/..."` in
# clients/ or `#include "server/..."` in flows/ is a "No such file" error, not a convention.
#
# mlc_layer_headers(target layer_path): layer_path is relative to the repository root ("clients",
# "server/http"); the link sits at the same relative path, so includes keep their full "layer/..." spelling.
function(mlc_layer_headers target layer_path)
    set(root ${CMAKE_BINARY_DIR}/layers/${target})
    get_filename_component(parent ${root}/${layer_path} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${layer_path} ${root}/${layer_path} SYMBOLIC)
    target_include_directories(${target} PUBLIC ${root})
endfunction()
