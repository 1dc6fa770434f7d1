// Unit tests of the expand-then-contract rule: every migration carries its step, expands hold no contraction.
#include "db/migration_step.hpp"

#include "db/migration.hpp"
#include "db/sha256.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlc::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string expand(const std::string& body) {
    return "-- step: expand: test.\n" + body;
}

TEST(migration_step, every_embedded_migration_declares_its_step_and_keeps_the_rule) {
    for (const auto& m : db::embedded_migrations()) {
        EXPECT_TRUE(db::declared_step(m.sql).has_value()) << m.file_name();
        EXPECT_THAT(db::step_rule_violations(m.sql), IsEmpty()) << m.file_name();
    }
}

// What the release before the step markers stored in schema_migrations.checksum: a database it migrated
// must still pass the check after the markers were added.
TEST(migration_step, the_markers_leave_the_checksums_an_earlier_release_stored) {
    const std::vector<std::string> stored = {
        "23464f0484d30a1bf953c102e653d7502c9cc38b4b27cf6ae7552b8a3ddb600f",
        "04eeed4db1a9c1fdec45ffca14284c6e19715c3e8e3261c82bcffb36baf01249",
        "6d26fa9f1ce5eed16a0040fd2076aeec4c5fc7e3e309e9f1417fb3408df99383",
        "f22bf8897c67c48cb2bb24af9b6a8d1f0ccdf499413b29e1c732aba02e10f107",
        "3021029b64c22000f9a0a6af323fbc2410bea6ca187cf130c9fc238e0b5934a7",
        "2a0682519fbe6710f9e4d450783aff2d6bb20cd38b5c6391f0ee7b7184ea2624",
        "04c63e0baf0241325019efe428cab0a3875acc595c38064575609dad12f28180",
        "faf119256f556db75e75ddc47799fcdc1fc90402d742acbfc1058528a1a6f5e3",
        "99d50a1ea6effe15d21ef85bb6772529b49fed9585aa297d882137fe34a53b3c",
        "fcd6bb6b1e50e45fd6a60fe00d58027a875bd8128509c9bd439b82bd5ed87f60",
        "41e63a1098229284f88d7238a64dbc17bbd49f3ce1d163e6e7d720dfc3a66f4f",
        "1c0addfd3913232ea788e0086c3ed8c5540e393c7f03c9e478f4493631b4efc0",
    };
    const auto& all = db::embedded_migrations();
    ASSERT_GE(all.size(), stored.size());
    for (std::size_t i = 0; i < stored.size(); ++i)
        EXPECT_EQ(all[i].checksum, stored[i]) << all[i].file_name();
}

TEST(migration_step, the_checksum_covers_everything_but_the_marker_line) {
    auto marked = db::make_migration(1, "x", "-- step: contract: gone.\nDROP TABLE t;\n");
    EXPECT_EQ(marked.checksum, db::sha256_hex("DROP TABLE t;\n"));
    auto unmarked = db::make_migration(1, "x", "-- a comment\nDROP TABLE t;\n");
    EXPECT_EQ(unmarked.checksum, db::sha256_hex(unmarked.sql));
    EXPECT_NE(db::make_migration(1, "x", "-- step: contract: gone.\nDROP TABLE u;\n").checksum,
              marked.checksum);
}

TEST(migration_step, the_marker_names_the_step_and_a_reason_on_the_first_line) {
    EXPECT_EQ(db::declared_step("-- step: expand: a new table.\nCREATE TABLE t ();"),
              db::migration_step::expand);
    EXPECT_EQ(db::declared_step("-- step: contract: 0014 stopped reading it.\n"),
              db::migration_step::contract);
    EXPECT_FALSE(db::declared_step("CREATE TABLE t ();").has_value());
    EXPECT_FALSE(db::declared_step("-- step: expand\nCREATE TABLE t ();").has_value());      // no reason
    EXPECT_FALSE(db::declared_step("-- step: expand:   \nCREATE TABLE t ();").has_value());  // empty reason
    EXPECT_FALSE(db::declared_step("-- step: shrink: why.\n").has_value());
    EXPECT_FALSE(db::declared_step("-- a comment\n-- step: expand: late.\n").has_value());
}

TEST(migration_step, a_migration_without_the_marker_is_refused) {
    EXPECT_THAT(db::step_rule_violations("CREATE TABLE t (id int);"), ElementsAre(HasSubstr("first line")));
}

TEST(migration_step, contracting_statements_are_found_whatever_the_layout) {
    EXPECT_THAT(db::contracting_statements("alter table t\n  drop column c;"), ElementsAre("DROP COLUMN"));
    EXPECT_THAT(db::contracting_statements("ALTER TABLE t DROP c;"), ElementsAre("DROP COLUMN"));
    EXPECT_THAT(db::contracting_statements("DROP TABLE IF EXISTS t;"), ElementsAre("DROP TABLE"));
    EXPECT_THAT(db::contracting_statements("ALTER TABLE t RENAME COLUMN a TO b;"), ElementsAre("RENAME"));
    EXPECT_THAT(db::contracting_statements("ALTER TABLE t ALTER COLUMN a SET NOT NULL;"),
                ElementsAre("SET NOT NULL"));
    EXPECT_THAT(db::contracting_statements("ALTER TABLE t ALTER COLUMN a TYPE bigint;"),
                ElementsAre("ALTER COLUMN ... TYPE"));
    EXPECT_THAT(db::contracting_statements("ALTER TABLE t ALTER a SET DATA TYPE bigint;"),
                ElementsAre("ALTER COLUMN ... TYPE"));
    EXPECT_THAT(db::contracting_statements("DROP FUNCTION f(int);"), ElementsAre("DROP FUNCTION"));
    EXPECT_THAT(db::contracting_statements("CREATE INDEX CONCURRENTLY i ON t (a);"),
                ElementsAre("CONCURRENTLY"));
}

TEST(migration_step, what_only_adds_or_loosens_is_not_contracting) {
    EXPECT_THAT(
        db::contracting_statements("CREATE TABLE t (a int NOT NULL);\n"
                                   "ALTER TABLE t ADD COLUMN b text NOT NULL DEFAULT '';\n"
                                   "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;\n"
                                   "ALTER TABLE t ALTER COLUMN b DROP DEFAULT;\n"
                                   "ALTER TABLE t DROP CONSTRAINT t_a_check;\n"
                                   "DROP INDEX t_a_idx; CREATE INDEX t_a_idx ON t (a);\n"
                                   "CREATE TYPE mood AS ENUM ('x');\n"
                                   "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"),
        IsEmpty());
}

TEST(migration_step, comments_and_quoted_text_are_not_statements) {
    EXPECT_THAT(
        db::contracting_statements("-- we will DROP TABLE t later\n"
                                   "/* RENAME nothing */\n"
                                   "COMMENT ON TABLE t IS 'do not rename; drop column c only in 0020';\n"
                                   "CREATE TABLE \"rename\" (a int);"),
        IsEmpty());
}

TEST(migration_step, an_expand_may_not_contract_and_a_contract_may) {
    EXPECT_THAT(db::step_rule_violations(expand("ALTER TABLE t DROP COLUMN c;")),
                ElementsAre(HasSubstr("DROP COLUMN in a migration marked expand")));
    EXPECT_THAT(
        db::step_rule_violations("-- step: contract: 0014 stopped reading c.\nALTER TABLE t DROP COLUMN c;"),
        IsEmpty());
    EXPECT_THAT(db::step_rule_violations("-- step: contract: why.\nCREATE INDEX CONCURRENTLY i ON t (a);"),
                ElementsAre(HasSubstr("CONCURRENTLY")));
}

}  // namespace
}  // namespace mlc::test
