#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>

#include "RedisVersion.h"

#include <optional>

// What redis-server 7.0 knows about each redis.conf directive (the standardConfig table of
// config.c plus the directives config.c handles by hand). Static data: the validator and the
// editor both read it, so it lives apart from either. Version history (ConfigSchemaVersions.cpp)
// says since which release line each name exists, which names 7.2 added and which 7.0 dropped.
class ConfigSchema
{
public:
    enum class Type { Bool, Enum, Integer, Memory, Octal, String, Special };
    enum Flag : unsigned {
        Immutable = 1u << 0,  // CONFIG SET refuses it
        Sensitive = 1u << 1,  // a secret: mask it in the UI and logs
        TlsOnly = 1u << 2,    // only known to TLS builds
        Hidden = 1u << 3,     // a testing knob, absent from CONFIG GET *
        MultiArg = 1u << 4,   // takes a variable number of arguments
        Percent = 1u << 5,    // also accepts "N%"
    };
    // The upper bound Redis gives most integers (LLONG_MAX).
    static constexpr unsigned long long kLongMax = 9223372036854775807ULL;

    struct Directive
    {
        const char *name;
        const char *alias;        // old name still accepted, or nullptr
        Type type;
        unsigned flags;
        long long min;            // Integer/Memory/Octal bounds, inclusive
        unsigned long long max;
        const char *enumValues;   // Enum: values separated by '|'
        const char *defaultValue;
        const char *description;

        bool has(Flag f) const { return (flags & f) != 0; }
        QList<QByteArray> enumList() const;
    };

    // When a name (canonical or alias) appeared and, if it did, when it went away. Codes are
    // RedisVersion::code() values (702 = 7.2); removedIn 0 = still there.
    struct NameHistory
    {
        const char *name;
        int since;
        int removedIn;
    };

    static const ConfigSchema &instance();

    // Canonical or alias name, case-insensitive; nullptr when unknown. Knows the 7.0 table and
    // the names 7.2 added (so help and completion can show them); not the ones 7.0 dropped.
    const Directive *find(QByteArrayView name) const;
    // The directive when `name` exists in release line `v` (dropped ones included), else nullptr.
    const Directive *findIn(QByteArrayView name, RedisVersion v) const;
    // Whether release line `v` accepts `name` (canonical, alias or hand-parsed directive).
    bool knownIn(QByteArrayView name, RedisVersion v) const;
    // The release line that introduced `name` (2.8 for anything older or not recorded).
    RedisVersion since(QByteArrayView name) const;
    RedisVersion since(const Directive *d) const { return since(QByteArrayView(d->name)); }
    // The release line that dropped `name`, if any.
    std::optional<RedisVersion> removedIn(QByteArrayView name) const;
    // Every directive release line `v` knows, table order (7.0 table, then 7.2, then dropped).
    QList<const Directive *> directivesIn(RedisVersion v) const;
    // True when `name` is an alias (the caller then wants find(name)->name).
    bool isAlias(QByteArrayView name) const;
    // The 7.0 table (what the reference redis-server knows), unchanged by version data.
    const QList<const Directive *> &directives() const { return m_directives; }
    // The closest name known to `v` (canonical, alias or hand-handled directive), or empty when
    // nothing is close enough to be a plausible typo.
    QByteArray suggest(QByteArrayView name, RedisVersion v = RedisVersion::reference()) const;

    // Directives config.c handles by hand outside the table (include, rename-command, ...).
    static const QList<QByteArray> &handParsedNames();
    // Names 7.0 still accepts but ignores with a warning.
    static const QList<QByteArray> &ignoredNames();

private:
    ConfigSchema();
    const Directive *lookup(const QByteArray &lower) const;
    QList<const Directive *> m_directives;
    QList<const Directive *> m_all;                  // 7.0 table, 7.2 additions, dropped ones
    QHash<QByteArray, const Directive *> m_byName;   // lower-case names and aliases (7.0 + 7.2)
    QHash<QByteArray, const Directive *> m_dropped;  // lower-case names 7.0 no longer knows
    QHash<QByteArray, NameHistory> m_history;
};

// The tables (ConfigSchemaTable.cpp, ConfigSchemaVersions.cpp), each terminated by an entry
// with a null name.
extern const ConfigSchema::Directive kConfigSchemaTable[];
extern const ConfigSchema::Directive kConfigSchemaLaterTable[];    // added after 7.0
extern const ConfigSchema::Directive kConfigSchemaDroppedTable[];  // gone before 7.0
extern const ConfigSchema::NameHistory kConfigNameHistory[];
