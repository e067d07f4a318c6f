#pragma once

#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QObject>
#include <QPair>

class QCommandLineParser;
class QTextStream;
class RespClient;
class SshSessionPool;

// Connects to one node and reads CONFIG GET * — for commands that need a node's live config
// next to files (validate --against, config diff) and so cannot be a NodeCommand.
class LiveConfigFetcher : public QObject
{
    Q_OBJECT
public:
    explicit LiveConfigFetcher(const ConnectionProfile &profile, QObject *parent = nullptr);

    // NODE text plus the shared connection options (already parsed into `parser`).
    static bool profileFor(const QString &node, const QCommandLineParser &parser,
                           ConnectionProfile *profile, QString *error);
    // Prints why `error` happened the way NodeCommand does; returns the exit code to use.
    static int report(const NetError &error, const ConnectionProfile &profile, QTextStream &err);

    void fetch();
    const ConnectionProfile &profile() const { return m_profile; }
    // The config as a document; secrets are only in it when asked for.
    ConfigDocument document(LiveConfig::Secrets secrets) const;
    // One raw value (e.g. requirepass), as CONFIG GET returned it.
    QByteArray value(const QByteArray &name) const;

Q_SIGNALS:
    void fetched();
    void failed(const NetError &error);

private:
    void fail(const NetError &error);

    bool m_done = false;
    ConnectionProfile m_profile;
    SshSessionPool *m_ssh = nullptr;
    RespClient *m_client = nullptr;
    QList<QPair<QByteArray, QByteArray>> m_pairs;
};
