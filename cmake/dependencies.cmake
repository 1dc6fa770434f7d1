# Every dependency comes from a Debian bookworm package (scripts/install-deps.sh installs them); nothing is downloaded.
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS json url)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
find_package(yaml-cpp REQUIRED CONFIG)
find_package(date REQUIRED CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)
pkg_check_modules(PROMETHEUS REQUIRED IMPORTED_TARGET prometheus-cpp-core>=1.0)
# The Public Suffix List, built into libpsl: origin patterns must name a registrable domain.
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
