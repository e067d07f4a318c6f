#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

// What the doctor read from one node without SSH: two INFO replies some seconds apart, a few
// CONFIG GET values, the ACL LOG and the SLOWLOG. Plain values, so the checks are pure.
struct ServerFacts
{
    using Fields = QHash<QString, QString>;

    QString node;                 // "host:port"
    Fields info;                  // first INFO, key → value
    Fields infoLater;             // second INFO (empty when not taken)
    double secondsBetween = 0;
    Fields config;                // CONFIG GET name → value (masterauth never kept)
    QList<Fields> aclLog;         // ACL LOG entries: reason, context, object, username, count...
    struct SlowEntry
    {
        qint64 micros = 0;
        QString command;          // first words of the command as logged
    };
    QList<SlowEntry> slowlog;

    // What the replica's masterauth is compared with: the password Tandem uses for its master
    // (empty: unknown, no check). Only the comparison's outcome is kept.
    bool masterPasswordKnown = false;
    bool masterAuthMatches = true;

    QString value(const QString &key) const { return info.value(key); }
    qint64 number(const QString &key, qint64 fallback = -1) const;
    double real(const QString &key, double fallback = -1) const;

    static Fields parseInfo(const QByteArray &text);
};
