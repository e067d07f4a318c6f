#include "ConfigDiff.h"

#include "ConfigDocument.h"
#include "ConfigSchema.h"
#include "LiveConfig.h"

#include <QMap>
#include <QSet>

#include <algorithm>

namespace {

// Directives where every line adds an entry instead of replacing the previous one.
enum class Accumulate { Last, Set, PerClass, List };

Accumulate accumulation(const QByteArray &name)
{
    if (name == "save")
        return Accumulate::Set;  // snapshot points: order does not matter
    if (name == "client-output-buffer-limit")
        return Accumulate::PerClass;  // the last line for a class wins
    if (name == "rename-command" || name == "user" || name == "loadmodule" || name == "include"
        || name == "sentinel")
        return Accumulate::List;  // order can matter (includes, ACL rules): keep it
    return Accumulate::Last;
}

QByteArray canonicalName(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(lower);
    return d ? QByteArray(d->name) : lower;
}

QByteArray joinLine(const QList<QByteArray> &args)
{
    QByteArray out;
    for (const QByteArray &a : args) {
        if (!out.isEmpty())
            out.append(' ');
        out.append(ConfigDocument::quoteArg(a));
    }
    return out;
}

struct Setting
{
    QList<QByteArray> values;  // joined, normalized lines
};

// name -> effective entries, as redis-server builds them while loading the file.
QMap<QByteArray, Setting> effectiveSettings(const ConfigDocument &doc)
{
    QMap<QByteArray, Setting> out;
    QMap<QByteArray, QMap<QByteArray, QByteArray>> perClass;
    for (const ConfigLine &line : doc.lines()) {
        if (line.kind != ConfigLine::Kind::Directive)
            continue;
        const QByteArray name = canonicalName(line.name);
        const QList<QByteArray> args = ConfigDiff::normalize(name, line.args);
        Setting &s = out[name];
        switch (accumulation(name)) {
        case Accumulate::Last:
            s.values = {joinLine(args)};
            break;
        case Accumulate::Set:
            // `save ""` clears every snapshot point given so far (config.c).
            if (args.size() == 1 && args.first().isEmpty())
                s.values = {joinLine(args)};
            else {
                s.values.removeAll(QByteArrayLiteral("\"\""));
                if (!s.values.contains(joinLine(args)))
                    s.values.append(joinLine(args));
            }
            break;
        case Accumulate::PerClass:
            perClass[name].insert(args.value(0), joinLine(args));
            break;
        case Accumulate::List:
            s.values.append(joinLine(args));
            break;
        }
    }
    for (auto it = perClass.cbegin(); it != perClass.cend(); ++it)
        out[it.key()].values = it.value().values();
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (accumulation(it.key()) == Accumulate::Set)
            std::sort(it->values.begin(), it->values.end());
    }
    return out;
}

// The schema default in the same normalized shape, or nullopt-like `known = false` when
// the schema has none we can compare against (unknown or hand-parsed directives).
bool defaultSetting(const QByteArray &name, Setting *out)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name);
    if (!d || !d->defaultValue)
        return false;
    const QByteArray value(d->defaultValue);
    ConfigDocument doc;
    QByteArray text;
    for (const QList<QByteArray> &args : LiveConfig::linesFor(name, value)) {
        text.append(ConfigDocument::quoteArg(name));
        for (const QByteArray &a : args)
            text.append(' ').append(ConfigDocument::quoteArg(a));
        text.append('\n');
    }
    const QMap<QByteArray, Setting> s = effectiveSettings(ConfigDocument::parse(text));
    *out = s.value(name);
    return true;
}

bool isSensitive(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name);
    return d && d->has(ConfigSchema::Sensitive);
}

bool isPlaceholder(const Setting &s)
{
    const QByteArray p = ConfigDocument::quoteArg(LiveConfig::placeholder());
    return std::any_of(s.values.cbegin(), s.values.cend(), [&](const QByteArray &v) { return v == p; });
}

ConfigDifference::Side side(const Setting *s, bool mask)
{
    ConfigDifference::Side out;
    if (!s)
        return out;
    out.present = true;
    out.values = s->values;
    if (mask) {
        for (QByteArray &v : out.values) {
            if (v != "\"\"")
                v = ConfigDocument::quoteArg(LiveConfig::placeholder());
        }
    }
    return out;
}

} // namespace

QByteArray ConfigDiff::normalizeMemory(const QByteArray &text)
{
    // memtoull() in util.c: a number with an optional, case-insensitive unit.
    const QByteArray t = text.toLower();
    qsizetype digits = 0;
    if (t.startsWith('-'))
        ++digits;
    while (digits < t.size() && t.at(digits) >= '0' && t.at(digits) <= '9')
        ++digits;
    const QByteArray number = t.left(digits);
    const QByteArray unit = t.mid(digits);
    bool ok = false;
    const long long n = number.toLongLong(&ok);
    if (!ok)
        return {};
    static const QMap<QByteArray, long long> units = {
        {QByteArray(), 1LL},
        {QByteArrayLiteral("b"), 1LL},
        {QByteArrayLiteral("k"), 1000LL},
        {QByteArrayLiteral("kb"), 1024LL},
        {QByteArrayLiteral("m"), 1000LL * 1000},
        {QByteArrayLiteral("mb"), 1024LL * 1024},
        {QByteArrayLiteral("g"), 1000LL * 1000 * 1000},
        {QByteArrayLiteral("gb"), 1024LL * 1024 * 1024},
    };
    const auto it = units.constFind(unit);
    if (it == units.cend())
        return {};
    return QByteArray::number(n * it.value());
}

QList<QByteArray> ConfigDiff::normalize(const QByteArray &name, const QList<QByteArray> &args)
{
    const QByteArray lower = name.toLower();
    QList<QByteArray> out = args;
    if (lower == "client-output-buffer-limit") {
        // Class names are case-insensitive and "replica" is the new name of "slave";
        // the limits are memory values (rewritten in units by CONFIG REWRITE).
        if (!out.isEmpty()) {
            out[0] = out.at(0).toLower();
            if (out.at(0) == "replica")
                out[0] = QByteArrayLiteral("slave");
        }
        for (qsizetype i = 1; i < out.size() && i < 3; ++i) {
            const QByteArray m = normalizeMemory(out.at(i));
            if (!m.isEmpty())
                out[i] = m;
        }
        return out;
    }
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(lower);
    if (!d)
        return out;
    for (QByteArray &a : out) {
        switch (d->type) {
        case ConfigSchema::Type::Bool:
        case ConfigSchema::Type::Enum:
            a = a.toLower();
            break;
        case ConfigSchema::Type::Memory: {
            if (d->has(ConfigSchema::Percent) && a.endsWith('%'))
                break;
            const QByteArray m = normalizeMemory(a);
            if (!m.isEmpty())
                a = m;
            break;
        }
        case ConfigSchema::Type::Integer: {
            bool ok = false;
            const long long n = a.toLongLong(&ok);
            if (ok)
                a = QByteArray::number(n);
            break;
        }
        case ConfigSchema::Type::Octal: {
            bool ok = false;
            const long long n = a.toLongLong(&ok, 8);
            if (ok)
                a = QByteArray::number(n, 8);
            break;
        }
        case ConfigSchema::Type::String:
        case ConfigSchema::Type::Special:
            break;
        }
    }
    return out;
}

QList<ConfigDifference> ConfigDiff::compare(const ConfigDocument &left, const ConfigDocument &right,
                                            const Options &options)
{
    const QMap<QByteArray, Setting> l = effectiveSettings(left);
    const QMap<QByteArray, Setting> r = effectiveSettings(right);
    QList<QByteArray> names = l.keys();
    for (const QByteArray &n : r.keys()) {
        if (!l.contains(n))
            names.append(n);
    }
    std::sort(names.begin(), names.end());

    QList<ConfigDifference> out;
    for (const QByteArray &name : std::as_const(names)) {
        const auto li = l.constFind(name);
        const auto ri = r.constFind(name);
        const Setting *ls = li != l.cend() ? &*li : nullptr;
        const Setting *rs = ri != r.cend() ? &*ri : nullptr;
        if (ls && rs) {
            if (ls->values == rs->values)
                continue;
            // A masked secret (config get output saved to a file) cannot be compared; saying
            // "different" would be a guess either way.
            if (isSensitive(name) && (isPlaceholder(*ls) || isPlaceholder(*rs)))
                continue;
        } else {
            const Setting *only = ls ? ls : rs;
            Setting def;
            if (defaultSetting(name, &def) && def.values == only->values && !options.showDefaults)
                continue;
        }
        const bool mask = options.maskSecrets && isSensitive(name);
        out.append({name, side(ls, mask), side(rs, mask)});
    }
    return out;
}
