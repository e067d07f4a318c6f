#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>

// What redis-server 7.0 knows about each redis.conf directive (the standardConfig table of
// config.c plus the directives config.c handles by hand). Static data: the validator and the
// editor both read it, so it lives apart from either.
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

    static const ConfigSchema &instance();

    // Canonical or alias name, case-insensitive; nullptr when unknown.
    const Directive *find(QByteArrayView name) const;
    // True when `name` is an alias (the caller then wants find(name)->name).
    bool isAlias(QByteArrayView name) const;
    const QList<const Directive *> &directives() const { return m_directives; }
    // The closest known name (canonical, alias or hand-handled directive), or empty when
    // nothing is close enough to be a plausible typo.
    QByteArray suggest(QByteArrayView name) const;

    // Directives config.c handles by hand outside the table (include, rename-command, ...).
    static const QList<QByteArray> &handParsedNames();
    // Names 7.0 still accepts but ignores with a warning.
    static const QList<QByteArray> &ignoredNames();

private:
    ConfigSchema();
    QList<const Directive *> m_directives;
    QHash<QByteArray, const Directive *> m_byName;  // lower-case names and aliases
};

// The table itself (ConfigSchemaTable.cpp), terminated by an entry with a null name.
extern const ConfigSchema::Directive kConfigSchemaTable[];
