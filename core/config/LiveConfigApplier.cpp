#include "LiveConfigApplier.h"

#include "ConfigDiff.h"
#include "ConfigDocument.h"
#include "LiveConfig.h"
#include "net/RespClient.h"

namespace {

// The server's own words when it answered -ERR, else the connection-level reason.
QString reason(const RespResult &r)
{
    if (r.value.isError())
        return r.value.text();
    return r.error.message;
}

} // namespace

LiveConfigApplier::LiveConfigApplier(RespClient *client, const LiveConfigPlan &plan, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_plan(plan)
    , m_sets(plan.sets())
{
    for (const LiveConfigPlan::Step &s : plan.restarts())
        m_result.needsRestart.append(s.directive);
}

LiveConfigApplier::LiveConfigApplier(const ConnectionProfile &node, SshSessionPool *ssh, const LiveConfigPlan &plan,
                                     QObject *parent, TransportFactory factory)
    : LiveConfigApplier(new RespClient(node, ssh), plan, parent)
{
    m_ownsClient = true;
    m_client->setParent(this);
    if (factory)
        m_client->setTransportFactory(std::move(factory));
}

void LiveConfigApplier::start()
{
    if (!m_ownsClient || !m_client || m_client->isReady()) {
        nextSet();
        return;
    }
    Q_EMIT progress(QStringLiteral("Connecting to %1").arg(m_client->profile().displayName()));
    connect(m_client, &RespClient::ready, this, [this] {
        if (m_next == 0 && m_result.applied.isEmpty() && !m_done)
            nextSet();
    }, Qt::SingleShotConnection);
    connect(m_client, &RespClient::connectFailed, this, [this](const NetError &error) {
        m_result.connectError = error;
        m_result.error = error.message;
        done();
    }, Qt::SingleShotConnection);
    m_client->connectToServer();
}

void LiveConfigApplier::nextSet()
{
    if (!m_client) {
        m_result.error = QStringLiteral("the connection is gone");
        done();
        return;
    }
    if (m_next >= m_sets.size()) {
        rewrite();
        return;
    }
    const LiveConfigPlan::Step step = m_sets.at(m_next);
    // The progress text is printable: it carries the masked rendering, never the command.
    Q_EMIT progress(QString::fromUtf8(LiveConfigPlan::renderCommand(step)));
    QByteArrayList args(step.command.cbegin(), step.command.cend());
    m_client->send(args, this, [this, step](const RespResult &r) {
        if (!r.ok()) {
            m_result.failedDirective = step.directive;
            m_result.error = reason(r);
            done();
            return;
        }
        m_result.applied.append(step.directive);
        ++m_next;
        nextSet();
    });
}

void LiveConfigApplier::rewrite()
{
    if (!m_plan.rewrite()) {
        verify();
        return;
    }
    Q_EMIT progress(QStringLiteral("CONFIG REWRITE"));
    m_result.rewriteAttempted = true;
    m_client->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("REWRITE")}, this, [this](const RespResult &r) {
        m_result.rewriteOk = r.ok();
        if (!r.ok())
            m_result.rewriteError = reason(r);
        // Verify anyway: the SETs are in force whether or not the file could be written.
        verify();
    });
}

void LiveConfigApplier::verify()
{
    if (m_result.applied.isEmpty()) {
        done();
        return;
    }
    m_pendingVerify = int(m_result.applied.size());
    for (const LiveConfigPlan::Step &step : std::as_const(m_sets)) {
        if (!m_result.applied.contains(step.directive))
            continue;
        Q_EMIT progress(QString::fromUtf8(QByteArray("CONFIG GET " + step.directive)));
        m_client->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), step.directive}, this,
                       [this, step](const RespResult &r) {
                           bool same = false;
                           if (r.ok() && r.value.isArray() && r.value.elements().size() == 2) {
                               // Compare as ConfigDiff does (1mb == 1048576, save as a set),
                               // not as text: the node reports values in its own spelling.
                               const ConfigDocument live = LiveConfig::fromPairs(
                                   {{step.directive, r.value.elements().at(1).bytes()}}, LiveConfig::Secrets::Show);
                               QByteArray text;
                               for (const QList<QByteArray> &args : step.desiredLines) {
                                   text += step.directive;
                                   for (const QByteArray &a : args)
                                       text += ' ' + ConfigDocument::quoteArg(a);
                                   text += '\n';
                               }
                               const ConfigDocument desired = ConfigDocument::parse(text);
                               ConfigDiff::Options options;
                               options.showDefaults = true;
                               same = ConfigDiff::compare(live, desired, options).isEmpty();
                           }
                           (same ? m_result.verified : m_result.mismatched).append(step.directive);
                           if (--m_pendingVerify == 0)
                               done();
                       });
    }
}

void LiveConfigApplier::done()
{
    if (m_done)
        return;
    m_done = true;
    if (m_ownsClient && m_client)
        m_client->disconnectFromServer();
    Q_EMIT finished(m_result);
}
