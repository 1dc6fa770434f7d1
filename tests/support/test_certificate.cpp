// Self-signed TLS certificates made in memory with OpenSSL 3, for tests of TLS clients.
#include "tests/support/test_certificate.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace mlc::test {

namespace {

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, deleter<X509, X509_free>>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using bio_ptr = std::unique_ptr<BIO, deleter<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

void add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ext_ptr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    check(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long n = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

test_certificate make_self_signed_certificate(const std::string& subject_alt_names) {
    pkey_ptr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    x509_ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_NAME* name = X509_get_subject_name(cert.get());
    const char cn[] = "ml-connector test";
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                               0);
    check(X509_set_issuer_name(cert.get(), name) == 1, "X509_set_issuer_name");
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "X509_set_pubkey");
    add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
    add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), NID_subject_alt_name, subject_alt_names);
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

    test_certificate out;
    bio_ptr cert_bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(cert_bio.get(), cert.get()) == 1, "PEM_write_bio_X509");
    out.cert_pem = bio_text(cert_bio.get());
    bio_ptr key_bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
    out.key_pem = bio_text(key_bio.get());
    return out;
}

std::filesystem::path write_pem_file(const std::filesystem::path& dir, const std::string& name,
                                     const std::string& pem) {
    auto path = dir / name;
    std::ofstream out(path, std::ios::binary);
    out << pem;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return path;
}

temp_dir::temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mlc-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
}

temp_dir::~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

}  // namespace mlc::test
