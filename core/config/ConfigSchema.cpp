#include "ConfigSchema.h"

#include <algorithm>

namespace {

// Plain Levenshtein distance; names are short, so the O(n*m) table is cheap.
int editDistance(QByteArrayView a, QByteArrayView b)
{
    QList<int> prev(b.size() + 1);
    QList<int> cur(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

QList<QByteArray> ConfigSchema::Directive::enumList() const
{
    if (!enumValues)
        return {};
    return QByteArray(enumValues).split('|');
}

const ConfigSchema &ConfigSchema::instance()
{
    static const ConfigSchema schema;
    return schema;
}

ConfigSchema::ConfigSchema()
{
    auto index = [](QHash<QByteArray, const Directive *> &into, const Directive *d) {
        // First entry wins, as the linear scan this index replaces did.
        if (!into.contains(QByteArray(d->name).toLower()))
            into.insert(QByteArray(d->name).toLower(), d);
        if (d->alias && !into.contains(QByteArray(d->alias).toLower()))
            into.insert(QByteArray(d->alias).toLower(), d);
    };
    for (const Directive *d = kConfigSchemaTable; d->name; ++d) {
        m_directives.append(d);
        m_all.append(d);
        index(m_byName, d);
    }
    for (const Directive *d = kConfigSchemaLaterTable; d->name; ++d) {
        m_all.append(d);
        index(m_byName, d);
    }
    for (const Directive *d = kConfigSchemaDroppedTable; d->name; ++d) {
        m_all.append(d);
        index(m_dropped, d);
    }
    for (const NameHistory *h = kConfigNameHistory; h->name; ++h)
        m_history.insert(QByteArray(h->name), *h);
}

const ConfigSchema::Directive *ConfigSchema::find(QByteArrayView name) const
{
    // Called for every directive of every validation: a hash, not a scan of 200 entries.
    return m_byName.value(name.toByteArray().toLower(), nullptr);
}

const ConfigSchema::Directive *ConfigSchema::lookup(const QByteArray &lower) const
{
    if (const Directive *d = m_byName.value(lower, nullptr))
        return d;
    return m_dropped.value(lower, nullptr);
}

const ConfigSchema::Directive *ConfigSchema::findIn(QByteArrayView name, RedisVersion v) const
{
    const QByteArray lower = name.toByteArray().toLower();
    return knownIn(lower, v) ? lookup(lower) : nullptr;
}

bool ConfigSchema::knownIn(QByteArrayView name, RedisVersion v) const
{
    const QByteArray lower = name.toByteArray().toLower();
    if (!lookup(lower) && !handParsedNames().contains(lower))
        return false;
    const auto it = m_history.constFind(lower);
    if (it == m_history.cend())
        return true;  // known since 2.8
    return v.code() >= it->since && (it->removedIn == 0 || v.code() < it->removedIn);
}

RedisVersion ConfigSchema::since(QByteArrayView name) const
{
    const auto it = m_history.constFind(name.toByteArray().toLower());
    if (it == m_history.cend() || it->since < 208)
        return {2, 8};
    return {it->since / 100, it->since % 100};
}

std::optional<RedisVersion> ConfigSchema::removedIn(QByteArrayView name) const
{
    const auto it = m_history.constFind(name.toByteArray().toLower());
    if (it == m_history.cend() || it->removedIn == 0)
        return std::nullopt;
    return RedisVersion{it->removedIn / 100, it->removedIn % 100};
}

QList<const ConfigSchema::Directive *> ConfigSchema::directivesIn(RedisVersion v) const
{
    QList<const Directive *> out;
    for (const Directive *d : m_all) {
        if (knownIn(QByteArrayView(d->name), v) || (d->alias && knownIn(QByteArrayView(d->alias), v)))
            out.append(d);
    }
    return out;
}

bool ConfigSchema::isAlias(QByteArrayView name) const
{
    const Directive *d = find(name);
    return d && d->alias && name.compare(QByteArrayView(d->alias), Qt::CaseInsensitive) == 0;
}

QByteArray ConfigSchema::suggest(QByteArrayView name, RedisVersion v) const
{
    const QByteArray lower = name.toByteArray().toLower();
    QByteArray best;
    int bestDistance = 0;
    auto consider = [&](const char *candidate) {
        if (!knownIn(QByteArrayView(candidate), v))
            return;
        const int dist = editDistance(lower, QByteArrayView(candidate));
        if (best.isEmpty() || dist < bestDistance) {
            best = candidate;
            bestDistance = dist;
        }
    };
    for (const Directive *d : m_all) {
        consider(d->name);
        if (d->alias)
            consider(d->alias);
    }
    // A third of the name, at least 2 edits: catches typos without suggesting nonsense.
    const int limit = std::max<int>(2, int(lower.size()) / 3);
    if (best.isEmpty() || bestDistance > limit) {
        // A known name with a stray suffix ("replicaof-typo") is far by edit distance yet
        // plainly meant: the longest known name it starts with, at a '-' boundary.
        best.clear();
        auto prefix = [&](const QHash<QByteArray, const Directive *> &names) {
            for (auto it = names.cbegin(); it != names.cend(); ++it) {
                const QByteArray &known = it.key();
                if (known.size() > best.size() && lower.size() > known.size()
                    && lower.startsWith(known) && lower.at(known.size()) == '-'
                    && knownIn(known, v))
                    best = known;
            }
        };
        prefix(m_byName);
        prefix(m_dropped);
        if (best.isEmpty())
            return {};
    }
    // Suggest the canonical name even when the typo was closest to an alias, unless the
    // target line only knows the alias.
    const Directive *d = lookup(best.toLower());
    return d && knownIn(QByteArrayView(d->name), v) ? QByteArray(d->name) : best;
}

const QList<QByteArray> &ConfigSchema::handParsedNames()
{
    static const QList<QByteArray> names = {"include", "rename-command", "user", "loadmodule",
                                            "sentinel"};
    return names;
}

const QList<QByteArray> &ConfigSchema::ignoredNames()
{
    // config.c deprecated_configs[]: accepted, logged, ignored.
    static const QList<QByteArray> names = {"list-max-ziplist-entries", "list-max-ziplist-value",
                                            "lua-replicate-commands"};
    return names;
}
