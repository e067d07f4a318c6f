#pragma once

// Composes INFO replies the way redis-server 7.0 prints them, so the topology tests run the
// real InfoParser on small synthetic replication setups (shared by tst_topology*.cpp and
// tst_anomalydetector.cpp; header-only because tests/unit builds one source per test).

#include "info/InfoParser.h"
#include "topology/NodeObservation.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>

class FakeInfo
{
public:
    // A fixed "now" so tests never depend on the clock.
    static QDateTime epoch() { return QDateTime(QDate(2026, 1, 15), QTime(3, 0), QTimeZone::utc()); }
    static QString replId(quint16 port) { return QStringLiteral("%1").arg(port, 40, 16, QLatin1Char('a')); }
    static QString runId(quint16 port) { return QStringLiteral("%1").arg(port, 40, 16, QLatin1Char('f')); }
    static QString nullId() { return QString(40, QLatin1Char('0')); }

    static FakeInfo master(quint16 port, qint64 offset = 5000)
    {
        FakeInfo f = dataNode(port);
        f.add("replication", "role", QStringLiteral("master"));
        f.add("replication", "connected_slaves", QStringLiteral("0"));
        f.replicationTail(replId(port), offset);
        return f;
    }

    static FakeInfo replica(quint16 port, const QString &masterHost, quint16 masterPort,
                            qint64 offset = 5000)
    {
        FakeInfo f = dataNode(port);
        f.add("replication", "role", QStringLiteral("slave"));
        f.add("replication", "master_host", masterHost);
        f.add("replication", "master_port", QString::number(masterPort));
        f.add("replication", "master_link_status", QStringLiteral("up"));
        f.add("replication", "master_last_io_seconds_ago", QStringLiteral("1"));
        f.add("replication", "master_sync_in_progress", QStringLiteral("0"));
        f.add("replication", "slave_read_repl_offset", QString::number(offset));
        f.add("replication", "slave_repl_offset", QString::number(offset));
        f.add("replication", "slave_priority", QStringLiteral("100"));
        f.add("replication", "slave_read_only", QStringLiteral("1"));
        f.add("replication", "replica_announced", QStringLiteral("1"));
        f.add("replication", "connected_slaves", QStringLiteral("0"));
        f.replicationTail(replId(masterPort), offset);
        return f;
    }

    static FakeInfo sentinel(quint16 port)
    {
        FakeInfo f;
        f.add("server", "redis_version", QStringLiteral("7.0.15"));
        f.add("server", "redis_mode", QStringLiteral("sentinel"));
        f.add("server", "run_id", runId(port));
        f.add("server", "tcp_port", QString::number(port));
        f.add("server", "uptime_in_seconds", QStringLiteral("864000"));
        f.add("sentinel", "sentinel_masters", QStringLiteral("0"));
        f.add("sentinel", "sentinel_tilt", QStringLiteral("0"));
        return f;
    }

    // Replaces the value of `key` wherever it is; a new key goes to the replication section.
    FakeInfo &set(const char *key, const QString &value)
    {
        for (Line &l : m_lines) {
            if (l.key == QLatin1String(key)) {
                l.value = value;
                return *this;
            }
        }
        add("replication", key, value);
        return *this;
    }
    FakeInfo &set(const char *key, qint64 value) { return set(key, QString::number(value)); }

    FakeInfo &addReplica(const QString &ip, quint16 port, qint64 offset,
                         const QString &state = QStringLiteral("online"), qint64 lag = 0)
    {
        const QString key = QStringLiteral("slave%1").arg(m_replicas++);
        const QString value = QStringLiteral("ip=%1,port=%2,state=%3,offset=%4,lag=%5")
                                  .arg(ip).arg(port).arg(state).arg(offset).arg(lag);
        qsizetype at = 0;
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            if (m_lines.at(i).key == QLatin1String("connected_slaves")
                || m_lines.at(i).key.startsWith(QLatin1String("slave")))
                at = i + 1;
        }
        m_lines.insert(at, Line{QStringLiteral("replication"), key, value});
        return set("connected_slaves", qint64(m_replicas));
    }

    FakeInfo &addSentinelMaster(const QString &name, const QString &host, quint16 port,
                                int replicas = 2)
    {
        add("sentinel", "", QString());
        m_lines.last().key = QStringLiteral("master%1").arg(m_masters++);
        m_lines.last().value = QStringLiteral("name=%1,status=ok,address=%2:%3,slaves=%4,sentinels=3")
                                   .arg(name, host).arg(port).arg(replicas);
        return set("sentinel_masters", qint64(m_masters));
    }

    QByteArray text() const
    {
        QStringList sections;
        for (const Line &l : m_lines) {
            if (!sections.contains(l.section))
                sections.append(l.section);
        }
        QByteArray out;
        for (const QString &s : sections) {
            out += "# " + s.left(1).toUpper().toLatin1() + s.mid(1).toLatin1() + "\r\n";
            for (const Line &l : m_lines) {
                if (l.section == s)
                    out += l.key.toLatin1() + ':' + l.value.toLatin1() + "\r\n";
            }
            out += "\r\n";
        }
        return out;
    }

    NodeSnapshot snapshot(const QDateTime &at = epoch()) const { return InfoParser::parse(text(), at); }

    NodeObservation up(const QString &address, const QDateTime &at = epoch()) const
    {
        NodeObservation o;
        o.address = address;
        o.reachability = NodeReachability::Up;
        o.hasSnapshot = true;
        o.snapshot = snapshot(at);
        o.lastSeen = at;
        return o;
    }

    // The node stopped answering; what Tandem holds is this old snapshot.
    NodeObservation stale(const QString &address,
                          NodeReachability reachability = NodeReachability::Unreachable,
                          const QDateTime &at = epoch().addSecs(-30)) const
    {
        NodeObservation o = up(address, at);
        o.reachability = reachability;
        o.error = QStringLiteral("Connection refused");
        return o;
    }

    static NodeObservation unseen(const QString &address,
                                  NodeReachability reachability = NodeReachability::Unreachable)
    {
        NodeObservation o;
        o.address = address;
        o.reachability = reachability;
        if (reachability != NodeReachability::Connecting)
            o.error = QStringLiteral("Connection refused");
        return o;
    }

private:
    struct Line
    {
        QString section;
        QString key;
        QString value;
    };

    static FakeInfo dataNode(quint16 port)
    {
        const qint64 now = epoch().toSecsSinceEpoch();
        FakeInfo f;
        f.add("server", "redis_version", QStringLiteral("7.0.15"));
        f.add("server", "redis_mode", QStringLiteral("standalone"));
        f.add("server", "os", QStringLiteral("Linux 6.1.0-18-amd64 x86_64"));
        f.add("server", "process_id", QString::number(1000 + port % 1000));
        f.add("server", "run_id", runId(port));
        f.add("server", "tcp_port", QString::number(port));
        f.add("server", "server_time_usec", QString::number(now * 1000000));
        f.add("server", "uptime_in_seconds", QStringLiteral("864000"));
        f.add("clients", "connected_clients", QStringLiteral("4"));
        f.add("memory", "used_memory", QStringLiteral("1048576"));
        f.add("persistence", "loading", QStringLiteral("0"));
        f.add("persistence", "rdb_changes_since_last_save", QStringLiteral("0"));
        f.add("persistence", "rdb_bgsave_in_progress", QStringLiteral("0"));
        f.add("persistence", "rdb_last_save_time", QString::number(now - 60));
        f.add("persistence", "rdb_last_bgsave_status", QStringLiteral("ok"));
        f.add("persistence", "aof_enabled", QStringLiteral("0"));
        f.add("persistence", "aof_last_write_status", QStringLiteral("ok"));
        f.add("stats", "sync_full", QStringLiteral("0"));
        f.add("stats", "sync_partial_ok", QStringLiteral("0"));
        f.add("stats", "sync_partial_err", QStringLiteral("0"));
        return f;
    }

    void replicationTail(const QString &replid, qint64 offset)
    {
        add("replication", "master_failover_state", QStringLiteral("no-failover"));
        add("replication", "master_replid", replid);
        add("replication", "master_replid2", nullId());
        add("replication", "master_repl_offset", QString::number(offset));
        add("replication", "second_repl_offset", QStringLiteral("-1"));
        add("replication", "repl_backlog_active", QStringLiteral("1"));
        add("replication", "repl_backlog_size", QStringLiteral("1048576"));
        add("replication", "repl_backlog_first_byte_offset", QStringLiteral("1"));
        add("replication", "repl_backlog_histlen", QString::number(offset));
    }

    void add(const char *section, const char *key, const QString &value)
    {
        m_lines.append(Line{QLatin1String(section), QLatin1String(key), value});
    }

    QList<Line> m_lines;
    int m_replicas = 0;
    int m_masters = 0;
};
