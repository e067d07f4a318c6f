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
    for (const Directive *d = kConfigSchemaTable; d->name; ++d) {
        m_directives.append(d);
        // First entry wins, as the linear scan this index replaces did.
        if (!m_byName.contains(QByteArray(d->name).toLower()))
            m_byName.insert(QByteArray(d->name).toLower(), d);
        if (d->alias && !m_byName.contains(QByteArray(d->alias).toLower()))
            m_byName.insert(QByteArray(d->alias).toLower(), d);
    }
}

const ConfigSchema::Directive *ConfigSchema::find(QByteArrayView name) const
{
    // Called for every directive of every validation: a hash, not a scan of 200 entries.
    return m_byName.value(name.toByteArray().toLower(), nullptr);
}

bool ConfigSchema::isAlias(QByteArrayView name) const
{
    const Directive *d = find(name);
    return d && d->alias && name.compare(QByteArrayView(d->alias), Qt::CaseInsensitive) == 0;
}

QByteArray ConfigSchema::suggest(QByteArrayView name) const
{
    const QByteArray lower = name.toByteArray().toLower();
    QByteArray best;
    int bestDistance = 0;
    auto consider = [&](const char *candidate) {
        const int dist = editDistance(lower, QByteArrayView(candidate));
        if (best.isEmpty() || dist < bestDistance) {
            best = candidate;
            bestDistance = dist;
        }
    };
    for (const Directive *d : m_directives) {
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
        for (auto it = m_byName.cbegin(); it != m_byName.cend(); ++it) {
            const QByteArray &known = it.key();
            if (known.size() > best.size() && lower.size() > known.size() && lower.startsWith(known)
                && lower.at(known.size()) == '-')
                best = known;
        }
        if (best.isEmpty())
            return {};
    }
    // Suggest the canonical name even when the typo was closest to an alias.
    const Directive *d = find(best);
    return d ? QByteArray(d->name) : best;
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
