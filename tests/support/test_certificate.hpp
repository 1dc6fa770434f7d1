// Self-signed TLS certificates made in memory with OpenSSL, for tests of TLS clients.
#pragma once

#include <filesystem>
#include <string>

namespace mlc::test {

struct test_certificate {
    std::string cert_pem;
    std::string key_pem;
};

// A fresh P-256 key and a self-signed certificate (valid from an hour ago for a day, CA:TRUE so it can serve
// as its own trust anchor) for `subject_alt_names` in OpenSSL's syntax, e.g. "IP:127.0.0.1,DNS:localhost".
// Throws std::runtime_error if OpenSSL fails.
test_certificate make_self_signed_certificate(const std::string& subject_alt_names);

// Writes `pem` to `dir`/`name` and returns the path. Throws std::runtime_error if it cannot.
std::filesystem::path write_pem_file(const std::filesystem::path& dir, const std::string& name,
                                     const std::string& pem);

// A new empty directory under the system temp directory, removed by the destructor.
class temp_dir {
public:
    // Throws std::runtime_error if the directory cannot be made.
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace mlc::test
