#include "LogView.h"

#include "LogHighlighter.h"

#include "ops/NodeClients.h"
#include "ssh/RemoteCommand.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int kLogViewTailLines = 1000;

} // namespace

LogView::LogView(const OperationEnvironment &env, const QString &node, QWidget *parent)
    : QDialog(parent)
    , m_env(env)
    , m_node(node)
    , m_clients(env.newClients(this))
{
    setObjectName(QStringLiteral("logView"));
    setWindowTitle(tr("Server Log — %1").arg(node));
    m_ssh = env.profileFor ? env.profileFor(node).ssh : SshOptions();

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("logStatusLabel"));
    m_status->setWordWrap(true);
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("logFilterEdit"));
    m_filter->setPlaceholderText(tr("Filter: show lines containing…"));
    m_filter->setClearButtonEnabled(true);
    m_view = new QPlainTextEdit;
    m_view->setObjectName(QStringLiteral("logText"));
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_highlighter = new LogHighlighter(m_view->document());
    connect(m_filter, &QLineEdit::textChanged, this, &LogView::render);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    resize(900, 560);

    m_timer = new QTimer(this);
    m_timer->setInterval(3000);
    connect(m_timer, &QTimer::timeout, this, &LogView::refresh);
    if (!m_ssh.enabled || !env.ssh) {
        m_status->setText(tr("The log is read over SSH: give the connection to %1 SSH settings.").arg(node));
        return;
    }
    m_timer->start();
    QTimer::singleShot(0, this, &LogView::refresh);
}

void LogView::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
}

int LogView::highlightedLines() const
{
    return m_highlighter->matches();
}

void LogView::locate()
{
    m_reading = true;
    m_status->setText(tr("Asking %1 where it logs…").arg(m_node));
    auto *context = this;
    auto answers = std::make_shared<QHash<QString, QString>>();
    auto ask = [this, context, answers](const QByteArray &name, bool last) {
        m_clients->send(m_node, {"CONFIG", "GET", name}, context, [this, answers, name, last](const RespResult &r) {
            const QList<RespValue> &kv = r.value.elements();
            if (r.ok() && kv.size() >= 2)
                answers->insert(QString::fromUtf8(name), kv.at(1).text());
            if (!last)
                return;
            if (!r.ok() && answers->isEmpty()) {
                m_reading = false;
                m_status->setText(tr("%1 did not answer: %2").arg(m_node, r.errorText()));
                return;
            }
            const QString dir = answers->value(QStringLiteral("dir"));
            m_source = answers->value(QStringLiteral("logfile"));
            // redis-server opens a relative logfile from its working directory, which is dir.
            if (!m_source.isEmpty() && !m_source.startsWith(QLatin1Char('/')) && !dir.isEmpty())
                m_source = QDir(dir).filePath(m_source);
            m_located = true;
            m_reading = false;
            refresh();
        });
    };
    ask("dir", false);
    ask("logfile", true);
}

void LogView::refresh()
{
    if (m_reading || !m_ssh.enabled || !m_env.ssh)
        return;
    if (!m_located) {
        locate();
        return;
    }
    m_reading = true;
    const QString command = m_source.isEmpty()
        ? QStringLiteral("journalctl -u redis-server -n %1 --no-pager -o cat").arg(kLogViewTailLines)
        : QStringLiteral("tail -n %1 %2").arg(kLogViewTailLines).arg(RemoteCommand::shellQuote(m_source));
    m_env.ssh->runCommand(m_ssh, command, this,
                          [this](int exitCode, const QByteArray &out, const QByteArray &err, const NetError &error) {
                              m_reading = false;
                              const QString where = m_source.isEmpty() ? QStringLiteral("journalctl -u redis-server")
                                                                       : m_source;
                              if (error.isError() || exitCode != 0) {
                                  m_status->setText(tr("Could not read %1 on %2: %3")
                                                        .arg(where, m_ssh.host,
                                                             error.isError() ? error.message
                                                                             : QString::fromUtf8(err).trimmed()));
                                  return;
                              }
                              const bool changed = out != m_text;
                              m_text = out;
                              if (changed)
                                  render();
                              m_status->setText(tr("%1 on %2, last %3 lines; %4 known problem line(s) shown; "
                                                   "refreshed every %5 s.")
                                                    .arg(where, m_ssh.host)
                                                    .arg(kLogViewTailLines)
                                                    .arg(m_highlighter->matches())
                                                    .arg(m_timer->interval() / 1000.0));
                              Q_EMIT refreshed();
                          });
}

void LogView::render()
{
    const QString filter = m_filter->text();
    QStringList lines = QString::fromUtf8(m_text).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (!filter.isEmpty()) {
        QStringList kept;
        for (const QString &l : std::as_const(lines)) {
            if (l.contains(filter, Qt::CaseInsensitive))
                kept << l;
        }
        lines = kept;
    }
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_view->setPlainText(lines.join(QLatin1Char('\n')));
    if (atEnd)
        bar->setValue(bar->maximum());
}
