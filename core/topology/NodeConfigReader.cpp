#include "NodeConfigReader.h"

#include "NodeMonitor.h"
#include "net/RespClient.h"

NodeConfigReader::NodeConfigReader(NodeMonitor *monitor, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
{
}

std::optional<QString> NodeConfigReader::save() const
{
    const auto it = m_settings.values.constFind(QStringLiteral("save"));
    if (it == m_settings.values.constEnd())
        return std::nullopt;
    return it.value();
}

void NodeConfigReader::reset()
{
    ++m_generation;
    m_inFlight = 0;
    m_settings = NodeSettings();
    m_mirror.clear();
    m_sincePoll = 0;
}

void NodeConfigReader::onSnapshot(const NodeSnapshot &s)
{
    ++m_sincePoll;
    const QString mirror = s.raw(QStringLiteral("memory"), QStringLiteral("maxmemory")) + QLatin1Char('|')
        + s.raw(QStringLiteral("memory"), QStringLiteral("maxmemory_policy")) + QLatin1Char('|')
        + QString::number(s.aofEnabled);
    if (m_inFlight > 0)
        return;
    if (m_settings.known && mirror == m_mirror && m_sincePoll < kEveryNthPoll)
        return;
    m_mirror = mirror;
    m_sincePoll = 0;
    read();
}

void NodeConfigReader::finishOne(quint64 generation)
{
    if (generation != m_generation || m_inFlight <= 0)
        return;
    if (--m_inFlight > 0)
        return;
    m_next.known = true;
    m_next.readAt = QDateTime::currentDateTimeUtc();
    m_settings = m_next;
    Q_EMIT updated();
}

void NodeConfigReader::read()
{
    m_next = NodeSettings();
    const quint64 generation = ++m_generation;
    // Pre-7.0 servers take one name per CONFIG GET: one command each, pipelined.
    const QStringList names = NodeSettings::compared() + NodeSettings::alsoRead();
    m_inFlight = 1;  // held until every request is sent, so an early reply cannot finish the round
    for (const QString &name : names) {
        ++m_inFlight;
        const bool sent = m_monitor->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), name.toUtf8()}, this,
                                          [this, generation, name](const RespResult &r) {
            if (generation != m_generation)
                return;
            // Denied or renamed CONFIG leaves the setting unknown: nothing is compared for it.
            if (r.ok() && r.value.elements().size() == 2) {
                const QByteArray value = r.value.elements().at(1).bytes();
                m_next.values.insert(name, NodeSettings::isSecret(name) ? NodeSettings::digest(value)
                                                                        : QString::fromUtf8(value));
            }
            finishOne(generation);
        });
        if (!sent)
            --m_inFlight;
    }
    ++m_inFlight;
    if (!m_monitor->send({QByteArrayLiteral("ACL"), QByteArrayLiteral("LIST")}, this, [this, generation](const RespResult &r) {
            if (generation != m_generation)
                return;
            if (r.ok() && r.value.isArray()) {
                m_next.aclKnown = true;
                for (const RespValue &line : r.value.elements()) {
                    // "user <name> <rules...>": the rules carry password hashes, kept as a digest.
                    const QByteArray text = line.bytes();
                    const qsizetype nameEnd = text.indexOf(' ', 5);
                    if (!text.startsWith("user ") || nameEnd < 0)
                        continue;
                    m_next.aclUsers.insert(QString::fromUtf8(text.mid(5, nameEnd - 5)),
                                           NodeSettings::digest(text.mid(nameEnd + 1)));
                }
            }
            finishOne(generation);
        }))
        --m_inFlight;
    QByteArrayList commandInfo{QByteArrayLiteral("COMMAND"), QByteArrayLiteral("INFO")};
    const QStringList watched = NodeSettings::watchedCommands();
    for (const QString &c : watched)
        commandInfo.append(c.toUtf8());
    ++m_inFlight;
    if (!m_monitor->send(commandInfo, this, [this, generation, watched](const RespResult &r) {
            if (generation != m_generation)
                return;
            if (r.ok() && r.value.isArray() && r.value.elements().size() == watched.size()) {
                m_next.commandsKnown = true;
                for (qsizetype i = 0; i < watched.size(); ++i) {
                    if (r.value.elements().at(i).isNil())
                        m_next.missingCommands.append(watched.at(i));
                }
            }
            finishOne(generation);
        }))
        --m_inFlight;
    finishOne(generation);  // releases the hold taken above
}
