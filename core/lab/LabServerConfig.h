#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

// The redis.conf of one lab node: rendered by the lab, and read back later (a password is
// kept only there, never in lab.json).
class LabServerConfig
{
public:
    QString nodeDir;          // absolute; also the server's working directory
    quint16 port = 0;
    QString masterHost;       // empty for a master
    quint16 masterPort = 0;
    QString password;         // requirepass + masterauth when set
    bool tls = false;
    QString tlsCertFile;
    QString tlsKeyFile;
    QString tlsCaFile;

    QString configFile() const;  // <nodeDir>/redis.conf
    QString pidFile() const;     // <nodeDir>/redis.pid
    QString logFile() const;     // <nodeDir>/redis.log

    QByteArray render() const;
    bool write(QString *error) const;

    // The first argument of the last `directive` line in a redis.conf, unquoted the way
    // redis' sdssplitargs does; empty when absent or unreadable.
    static QString readValue(const QString &configFile, const QByteArray &directive);
    // One argument quoted so redis reads it back byte for byte (spaces, quotes, newlines).
    static QByteArray quote(const QString &value);
    // sdssplitargs for one line; false on unbalanced quotes.
    static bool splitArgs(const QByteArray &line, QList<QByteArray> *args);
};
