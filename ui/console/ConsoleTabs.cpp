#include "ConsoleTabs.h"

#include <QIcon>

namespace {
const char AddressProperty[] = "tandemConsoleAddress";
}

ConsoleTabs::ConsoleTabs(SshSessionPool *ssh, QWidget *parent)
    : QTabWidget(parent)
    , m_ssh(ssh)
{
    setObjectName(QStringLiteral("consoleTabs"));
    setTabsClosable(true);
    setMovable(true);
    setDocumentMode(true);
    connect(this, &QTabWidget::tabCloseRequested, this, &ConsoleTabs::closeTab);
}

ConsoleWidget *ConsoleTabs::console(const QString &address) const
{
    for (int i = 0; i < count(); ++i) {
        auto *w = qobject_cast<ConsoleWidget *>(widget(i));
        if (w && w->property(AddressProperty).toString() == address)
            return w;
    }
    return nullptr;
}

ConsoleWidget *ConsoleTabs::openConsole(const QString &address, const ConnectionProfile &profile)
{
    if (ConsoleWidget *existing = console(address)) {
        setCurrentWidget(existing);
        existing->setFocus();
        return existing;
    }
    auto *session = new ConsoleSession(profile, m_ssh);
    if (m_factory)
        session->setTransportFactory(m_factory);
    auto *w = new ConsoleWidget(session, this);
    if (m_confirmHook)
        w->setConfirmHook(m_confirmHook);
    // Keyed by the topology's address, which the profile's may differ from (an alias).
    w->setProperty(AddressProperty, address);
    const int index = addTab(w, QIcon(QStringLiteral(":/icons/console.svg")), address);
    setTabToolTip(index, profile.displayName());
    setCurrentIndex(index);
    w->setFocus();
    Q_EMIT consoleCountChanged(count());
    return w;
}

void ConsoleTabs::closeConsole(const QString &address)
{
    if (ConsoleWidget *w = console(address))
        closeTab(indexOf(w));
}

void ConsoleTabs::setConfirmHook(ConsoleWidget::ConfirmHook hook)
{
    m_confirmHook = std::move(hook);
    for (int i = 0; i < count(); ++i) {
        if (auto *w = qobject_cast<ConsoleWidget *>(widget(i)))
            w->setConfirmHook(m_confirmHook);
    }
}

void ConsoleTabs::setTransportFactory(TransportFactory factory)
{
    m_factory = std::move(factory);
}

void ConsoleTabs::closeTab(int index)
{
    QWidget *w = widget(index);
    if (!w)
        return;
    removeTab(index);
    w->deleteLater();
    Q_EMIT consoleCountChanged(count());
}
