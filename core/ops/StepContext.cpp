#include "StepContext.h"

#include "NodeClients.h"

StepContext::StepContext(NodeClients *clients, QVariantHash *shared, QJsonObject *metrics, Hooks hooks)
    : m_clients(clients)
    , m_shared(shared)
    , m_metrics(metrics)
    , m_hooks(std::move(hooks))
    , m_guard(new QObject)
{
    m_clock.start();
}

StepContext::~StepContext()
{
    delete m_guard;
}

void StepContext::succeed(const QString &message, const QJsonObject &details)
{
    finish(true, message, details);
}

void StepContext::fail(const QString &message, const QJsonObject &details)
{
    finish(false, message, details);
}

void StepContext::finish(bool ok, const QString &message, const QJsonObject &details)
{
    if (m_finished)
        return;
    m_finished = true;
    // Nothing the step registered may fire once it has ended.
    m_guard->deleteLater();
    m_guard = new QObject;
    if (m_hooks.done)
        m_hooks.done(ok, message, details);
}

void StepContext::progress(const QString &text)
{
    if (!m_finished && m_hooks.progress)
        m_hooks.progress(text);
}

SshSessionPool *StepContext::ssh() const
{
    return m_clients ? m_clients->ssh() : nullptr;
}
