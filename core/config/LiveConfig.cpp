#include "LiveConfig.h"

#include "ConfigSchema.h"
#include "net/RespValue.h"

#include <QMap>

#include <algorithm>

namespace {

QList<QByteArray> words(const QByteArray &value)
{
    QList<QByteArray> out;
    for (const QByteArray &w : value.split(' ')) {
        if (!w.isEmpty())
            out.append(w);
    }
    return out;
}

} // namespace

QByteArray LiveConfig::placeholder()
{
    return QByteArrayLiteral("<hidden>");
}

QList<QList<QByteArray>> LiveConfig::linesFor(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    const QList<QByteArray> w = words(value);
    // A master answers replicaof with "": CONFIG REWRITE writes no line for it, and
    // `replicaof ""` is a line redis-server refuses to start with.
    if ((lower == "replicaof" || lower == "slaveof") && w.isEmpty())
        return {};
    // CONFIG GET flattens these into one string; the file syntax has one entry per line
    // (rewriteConfigSaveOption / rewriteConfigClientOutputBufferLimitOption).
    if (lower == "save") {
        if (w.isEmpty() || w.size() % 2 != 0)
            return {{value}};  // `save ""` (snapshots off) or a shape we do not know: verbatim
        QList<QList<QByteArray>> out;
        for (qsizetype i = 0; i + 1 < w.size(); i += 2)
            out.append({w.at(i), w.at(i + 1)});
        return out;
    }
    if (lower == "client-output-buffer-limit") {
        if (w.isEmpty() || w.size() % 4 != 0)
            return {w.isEmpty() ? QList<QByteArray>{value} : w};
        QList<QList<QByteArray>> out;
        for (qsizetype i = 0; i + 3 < w.size(); i += 4)
            out.append(w.mid(i, 4));
        return out;
    }
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(lower);
    if (d && d->has(ConfigSchema::MultiArg) && !w.isEmpty())
        return {w};  // bind, oom-score-adj-values, ...: several arguments on one line
    return {{value}};
}

bool LiveConfig::fromReply(const RespValue &reply, ConfigDocument *doc, QString *error, Secrets secrets)
{
    *doc = ConfigDocument();
    if (!reply.isArray() || reply.elements().size() % 2 != 0) {
        if (error)
            *error = QStringLiteral("CONFIG GET * did not return name/value pairs");
        return false;
    }
    QList<QPair<QByteArray, QByteArray>> pairs;
    const QList<RespValue> &e = reply.elements();
    for (qsizetype i = 0; i + 1 < e.size(); i += 2)
        pairs.append({e.at(i).bytes(), e.at(i + 1).bytes()});
    *doc = fromPairs(pairs, secrets);
    return true;
}

QMap<QByteArray, QByteArray> LiveConfig::canonicalValues(const QList<QPair<QByteArray, QByteArray>> &pairs)
{
    const ConfigSchema &schema = ConfigSchema::instance();
    QMap<QByteArray, QByteArray> values;
    QMap<QByteArray, QByteArray> aliasValues;
    for (const auto &[rawName, value] : pairs) {
        const QByteArray name = rawName.toLower();
        if (schema.isAlias(name)) {
            aliasValues.insert(QByteArray(schema.find(name)->name), value);
            continue;
        }
        values.insert(name, value);
    }
    for (auto it = aliasValues.cbegin(); it != aliasValues.cend(); ++it) {
        if (!values.contains(it.key()))
            values.insert(it.key(), it.value());
    }
    return values;
}

QByteArray LiveConfig::directiveLine(const QByteArray &name, const QList<QByteArray> &args)
{
    QByteArray text = ConfigDocument::quoteArg(name);
    for (const QByteArray &a : args)
        text.append(' ').append(ConfigDocument::quoteArg(a));
    return text;
}

bool LiveConfig::isSecret(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name.toLower());
    return d && d->has(ConfigSchema::Sensitive);
}

ConfigDocument LiveConfig::fromPairs(const QList<QPair<QByteArray, QByteArray>> &pairs, Secrets secrets)
{
    // Sorted by name, which is what we print; CONFIG REWRITE writes only canonical names.
    const QMap<QByteArray, QByteArray> values = canonicalValues(pairs);
    QByteArray text;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        QByteArray value = it.value();
        if (secrets == Secrets::Hide && isSecret(it.key()) && !value.isEmpty())
            value = placeholder();
        for (const QList<QByteArray> &args : linesFor(it.key(), value))
            text.append(directiveLine(it.key(), args)).append('\n');
    }
    return ConfigDocument::parse(text);
}
