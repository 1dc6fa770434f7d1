# MLC_SANITIZE picks the sanitizers every target is built with. ON (or address) is ASan and UBSan, which CI runs
# the whole test suite with; thread is ThreadSanitizer, which cannot be combined with ASan, so it is a build of
# its own (README, Tests). OFF (or empty) builds without sanitizers.
string(TOLOWER "${MLC_SANITIZE}" mlc_sanitize)
if(mlc_sanitize STREQUAL "on" OR mlc_sanitize STREQUAL "address")
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
elseif(mlc_sanitize STREQUAL "thread")
    # -Wno-tsan: GCC warns at every atomic_thread_fence, which Asio's handler invocation uses (fenced_block)
    # over a thousand times. TSan does not model fences, but Asio hands handlers between threads through its
    # mutex-guarded queues, which TSan does see.
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
    add_link_options(-fsanitize=thread)
elseif(NOT mlc_sanitize STREQUAL "off" AND NOT mlc_sanitize STREQUAL "")
    message(FATAL_ERROR "MLC_SANITIZE=${MLC_SANITIZE} is not a sanitizer choice: use OFF, ON (= address), "
                        "address (ASan + UBSan) or thread (TSan)")
endif()
