#include "config/ConfigDocument.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// libFuzzer entry point (also driven by FuzzDriver.cpp when libFuzzer is unavailable).
// Invariants: any bytes round-trip exactly, the line model agrees with a re-parse of each
// line on its own, and edits read back as written.
namespace {

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz_configdocument: invariant broken: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const ConfigDocument doc = ConfigDocument::parse(input);
    check(doc.toBytes() == input, "toBytes() == input");

    QByteArray firstName;
    bool haveDirective = false;
    for (int i = 0; i < doc.lines().size(); ++i) {
        const ConfigLine &l = doc.lines().at(i);
        check(l.number == i + 1, "line numbers are consecutive");
        check(!l.raw.contains('\n'), "no newline inside a line");
        check(l.ending.isEmpty() == (i == doc.lines().size() - 1 && !input.endsWith('\n')),
              "only a last line without newline has no ending");
        // Lines are independent in redis.conf: parsing one alone must give the same result.
        const ConfigDocument alone = ConfigDocument::parse(l.raw);
        if (!l.raw.isEmpty()) {
            const ConfigLine &a = alone.lines().first();
            check(a.kind == l.kind && a.name == l.name && a.args == l.args
                      && a.nameColumn == l.nameColumn && a.argColumns == l.argColumns,
                  "a line parses the same on its own");
        }
        check(l.argColumns.size() == l.args.size(), "one column per argument");
        if (l.kind == ConfigLine::Kind::Invalid)
            check(!l.error.isEmpty(), "invalid lines explain why");
        if (l.kind == ConfigLine::Kind::Directive) {
            check(l.nameColumn >= 1 && l.nameColumn <= l.raw.size(), "name column in range");
            if (!haveDirective) {
                firstName = l.name;
                haveDirective = true;
            }
            check(!doc.directives(l.name).isEmpty(), "directives() finds every directive");
        }
    }
    if (haveDirective)
        check(doc.effective(firstName) == doc.directives(firstName).last()->args, "effective() is the last");

    // Edits: a value made of the input's own bytes reads back verbatim.
    const QList<QByteArray> value = {input.left(16), QByteArray(), input.right(3)};
    const QByteArray name = haveDirective ? firstName : QByteArrayLiteral("fuzz-key");
    ConfigDocument edited = doc;
    edited.set(name, value);
    const ConfigDocument reread = ConfigDocument::parse(edited.toBytes());
    check(reread.effective(name) == value, "set() value reads back");
    check(reread.toBytes() == edited.toBytes(), "edited document round-trips");
    edited.remove(name);
    check(ConfigDocument::parse(edited.toBytes()).directives(name).isEmpty(), "remove() removes all");
    if (!doc.lines().isEmpty()) {
        edited = doc;
        edited.replaceLine(0, input.left(40));
        check(ConfigDocument::parse(edited.toBytes()).toBytes() == edited.toBytes(),
              "replaceLine() keeps the line model");
    }
    return 0;
}
