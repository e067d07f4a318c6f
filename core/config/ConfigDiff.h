#pragma once

#include <QByteArray>
#include <QList>

class ConfigDocument;

// One setting that differs. Each side holds one entry per file line of that directive
// (arguments quoted and joined as in redis.conf), normalized; `present` is false when the
// directive does not appear on that side at all (it then runs with its default).
struct ConfigDifference
{
    struct Side
    {
        bool present = false;
        QList<QByteArray> values;
    };

    QByteArray directive;  // canonical, lower-case name
    Side left;
    Side right;
};

// Compares two redis.conf documents by what redis-server would run with, not by text:
// alias names are folded into canonical ones, values are normalized where the schema
// defines their meaning (yes/YES, 1mb/1048576, enum case), save points compare as a set and
// client-output-buffer-limit per client class. A directive missing on one side stands for
// its schema default there, so "absent" vs "the default" is no difference unless asked.
class ConfigDiff
{
public:
    struct Options
    {
        bool showDefaults = false;  // also report absent-vs-default pairs
        bool maskSecrets = true;    // report sensitive values as LiveConfig::placeholder()
    };

    static QList<ConfigDifference> compare(const ConfigDocument &left, const ConfigDocument &right,
                                           const Options &options);
    static QList<ConfigDifference> compare(const ConfigDocument &left, const ConfigDocument &right)
    {
        return compare(left, right, Options());
    }

    // The normalized arguments of one line of `name` (exposed for tests and the UI).
    static QList<QByteArray> normalize(const QByteArray &name, const QList<QByteArray> &args);
    // "1mb" -> "1048576", "1k" -> "1000"...; empty when `text` is no memory value.
    static QByteArray normalizeMemory(const QByteArray &text);
};
