#include "ConsoleWidget.h"

#include "ConsoleInput.h"

#include "console/CommandCatalog.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int MaxEntries = 2000;       // entries kept for re-colouring
constexpr int MaxReplyLines = 5000;    // a KEYS * on a big node must not freeze the pane
constexpr int MaxBlocks = 20000;       // lines in the pane

bool isDarkBase(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

ConsoleWidget::ConsoleWidget(ConsoleSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    m_session->setParent(this);
    buildUi();
}

ConsoleWidget::ConsoleWidget(const ConnectionProfile &profile, SshSessionPool *ssh, QWidget *parent)
    : ConsoleWidget(new ConsoleSession(profile, ssh), parent)
{
}

void ConsoleWidget::buildUi()
{
    setObjectName(QStringLiteral("console"));

    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("consoleOutput"));
    m_output->setReadOnly(true);
    m_output->setUndoRedoEnabled(false);
    m_output->setMaximumBlockCount(MaxBlocks);
    m_output->setFrameShape(QFrame::NoFrame);
    m_output->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_output->setFocusPolicy(Qt::ClickFocus);
    m_output->document()->setDocumentMargin(6);

    m_prompt = new QLabel(m_session->prompt(), this);
    m_prompt->setObjectName(QStringLiteral("consolePrompt"));
    m_input = new ConsoleInput(this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setCommandNames(CommandCatalog::commandNames());
    m_input->setFrame(false);
    m_input->setPlaceholderText(tr("Type a command, Tab completes, ↑ recalls"));
    m_input->setAccessibleName(tr("Command for %1").arg(m_session->address()));

    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("consoleBusy"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedSize(64, 8);
    m_busy->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("consoleCancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop waiting for the reply (Esc). The connection is reopened for the next command."));
    m_cancel->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("consoleStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_raw = new QToolButton(this);
    m_raw->setObjectName(QStringLiteral("consoleRawToggle"));
    m_raw->setText(tr("Raw"));
    m_raw->setCheckable(true);
    m_raw->setAutoRaise(true);
    m_raw->setFocusPolicy(Qt::StrongFocus);
    m_raw->setToolTip(tr("Raw output, like redis-cli --raw (Alt+R): strings as they are, integers as bare "
                         "numbers, one array element per line, no quotes, (integer) or 1) markers. "
                         "Applies to the replies that follow."));
    m_raw->setAccessibleName(tr("Raw output"));

    // Fast commands should not flash a progress bar.
    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(150);
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        m_busy->setVisible(m_session->isBusy());
        m_cancel->setVisible(m_session->isBusy());
    });

    auto *line = new QWidget(this);
    line->setObjectName(QStringLiteral("consoleInputRow"));
    line->setAutoFillBackground(true);
    line->setBackgroundRole(QPalette::Base);
    auto *row = new QHBoxLayout(line);
    row->setContentsMargins(6, 3, 6, 3);
    row->setSpacing(0);
    row->addWidget(m_prompt);
    row->addWidget(m_input, 1);
    row->addSpacing(6);
    row->addWidget(m_busy);
    row->addSpacing(4);
    row->addWidget(m_cancel);
    row->addSpacing(6);
    row->addWidget(m_status);
    row->addSpacing(6);
    row->addWidget(m_raw);

    auto *separator = new QFrame(this);
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Plain);
    separator->setForegroundRole(QPalette::Mid);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_output, 1);
    layout->addWidget(separator);
    layout->addWidget(line);
    setFocusProxy(m_input);
    applyFonts();

    connect(m_input, &QLineEdit::returnPressed, this, &ConsoleWidget::onReturnPressed);
    connect(m_input, &ConsoleInput::historyPrevious, this, [this] {
        m_input->setText(m_session->history().previous(m_input->text()));
    });
    connect(m_input, &ConsoleInput::historyNext, this, [this] {
        m_input->setText(m_session->history().next(m_input->text()));
    });
    connect(m_input, &ConsoleInput::cancelRequested, m_session, &ConsoleSession::cancel);
    connect(m_cancel, &QToolButton::clicked, m_session, &ConsoleSession::cancel);
    auto *clear = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this);
    clear->setContext(Qt::WidgetWithChildrenShortcut);
    connect(clear, &QShortcut::activated, this, &ConsoleWidget::clearOutput);
    // Tab belongs to completion, so the toggle gets a key of its own.
    auto *rawKey = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_R), this);
    rawKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(rawKey, &QShortcut::activated, m_raw, &QToolButton::toggle);

    connect(m_session, &ConsoleSession::finished, this, &ConsoleWidget::onFinished);
    connect(m_session, &ConsoleSession::busyChanged, this, &ConsoleWidget::onBusyChanged);
    connect(m_session, &ConsoleSession::promptChanged, m_prompt, &QLabel::setText);
    connect(m_session, &ConsoleSession::connectionStateChanged, this, &ConsoleWidget::updateStatus);
    connect(m_session, &ConsoleSession::notice, this, [this](const QString &text) {
        append(Kind::Notice, text);
    });
    updateStatus();
    m_session->connectToServer();
}

void ConsoleWidget::applyFonts()
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_output->setFont(mono);
    m_input->setFont(mono);
    m_prompt->setFont(mono);
    // Prompt in the same green as echoed prompts, so the line reads as one.
    // On the Base-coloured input row a label's foreground role is Text, so set both.
    const QColor green = isDarkBase(palette()) ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37);
    QPalette p = m_prompt->palette();
    p.setColor(QPalette::WindowText, green);
    p.setColor(QPalette::Text, green);
    m_prompt->setPalette(p);
}

QString ConsoleWidget::outputText() const
{
    return m_output->toPlainText();
}

bool ConsoleWidget::isRawOutput() const
{
    return m_raw->isChecked();
}

void ConsoleWidget::setRawOutput(bool raw)
{
    m_raw->setChecked(raw);
}

void ConsoleWidget::clearOutput()
{
    m_entries.clear();
    m_output->clear();
}

void ConsoleWidget::submit(const QString &line)
{
    m_input->setText(line);
    onReturnPressed();
}

void ConsoleWidget::onReturnPressed()
{
    const QString line = m_input->text();
    if (line.trimmed().isEmpty())
        return;
    if (m_session->isBusy() || m_awaitingConfirmation)
        return;  // one command at a time, like redis-cli; the text stays for later
    m_session->history().add(line);
    m_input->clear();
    if (line.trimmed().compare(QLatin1String("clear"), Qt::CaseInsensitive) == 0) {
        clearOutput();  // redis-cli's own "clear"
        return;
    }
    const ConsoleSession::Request request = m_session->prepare(line);
    append(Kind::Echo, request.displayLine, m_session->prompt());
    if (!request.error.isEmpty()) {
        append(Kind::Error, tr("(error) %1 Nothing was sent.").arg(request.error));
        return;
    }
    if (request.isRefused()) {
        append(Kind::Error, tr("(refused) %1").arg(request.safety.reason));
        return;
    }
    if (request.needsConfirmation())
        confirmThenSend(request);
    else
        send(request);
}

void ConsoleWidget::confirmThenSend(const ConsoleSession::Request &request)
{
    const QString node = m_session->address();
    if (m_confirmHook) {
        if (m_confirmHook(request.displayLine, node, request.safety.reason))
            send(request);
        else
            append(Kind::Notice, tr("Not sent."));
        return;
    }

    m_awaitingConfirmation = true;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Run %1?").arg(request.safety.command),
                                tr("Run <b>%1</b> on <b>%2</b>?")
                                    .arg(request.displayLine.toHtmlEscaped(), node.toHtmlEscaped()),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("consoleConfirmDialog"));
    box->setTextFormat(Qt::RichText);
    box->setInformativeText(request.safety.reason);
    QPushButton *run = box->addButton(tr("Run on %1").arg(node), QMessageBox::AcceptRole);
    run->setObjectName(QStringLiteral("confirmRunButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<QPushButton> runButton(run);
    connect(box, &QMessageBox::finished, this, [this, box, runButton, request] {
        m_awaitingConfirmation = false;
        if (runButton && box->clickedButton() == runButton)
            send(request);
        else
            append(Kind::Notice, tr("Not sent."));
        m_input->setFocus();
    });
    box->open();
}

void ConsoleWidget::send(const ConsoleSession::Request &request)
{
    if (!m_session->execute(request))
        append(Kind::Error, tr("(error) Not sent: another command is still running."));
}

void ConsoleWidget::onFinished(const QString &, const RespResult &result)
{
    QString text = ConsoleSession::displayText(
        result, isRawOutput() ? ReplyFormatter::Mode::Raw : ReplyFormatter::Mode::Formatted);
    const qsizetype lines = text.count(QLatin1Char('\n')) + 1;
    if (lines > MaxReplyLines) {
        qsizetype cut = 0;
        for (int i = 0; i < MaxReplyLines; ++i)
            cut = text.indexOf(QLatin1Char('\n'), cut) + 1;
        text.truncate(cut - 1);
        append(ConsoleSession::isErrorResult(result) ? Kind::Error : Kind::Reply, text);
        append(Kind::Notice, tr("(%1 more lines not shown)").arg(lines - MaxReplyLines));
        return;
    }
    append(ConsoleSession::isErrorResult(result) ? Kind::Error : Kind::Reply, text);
}

void ConsoleWidget::onBusyChanged(bool busy)
{
    if (busy) {
        m_busyDelay->start();
    } else {
        m_busyDelay->stop();
        m_busy->hide();
        m_cancel->hide();
    }
    m_prompt->setEnabled(!busy);
}

void ConsoleWidget::updateStatus()
{
    switch (m_session->connectionState()) {
    case RespClient::State::Ready:
        m_status->setText(tr("connected"));
        break;
    case RespClient::State::Connecting:
    case RespClient::State::Handshaking:
        m_status->setText(tr("connecting…"));
        break;
    case RespClient::State::Disconnected:
    case RespClient::State::WaitingToReconnect:
        m_status->setText(tr("not connected"));
        break;
    }
}

void ConsoleWidget::append(Kind kind, const QString &text, const QString &prompt)
{
    m_entries.append({kind, prompt, text});
    if (m_entries.size() > MaxEntries)
        m_entries.remove(0, m_entries.size() - MaxEntries);
    render(m_entries.constLast());
    QScrollBar *bar = m_output->verticalScrollBar();
    bar->setValue(bar->maximum());
}

void ConsoleWidget::render(const Entry &entry)
{
    const QPalette pal = palette();
    const bool dark = isDarkBase(pal);
    QTextCharFormat plain;
    plain.setForeground(pal.color(QPalette::Text));

    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_output->document()->isEmpty())
        cursor.insertBlock();
    switch (entry.kind) {
    case Kind::Echo: {
        QTextCharFormat prompt;
        prompt.setForeground(dark ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37));
        cursor.insertText(entry.prompt, prompt);
        QTextCharFormat command = plain;
        command.setFontWeight(QFont::Bold);
        cursor.insertText(entry.text, command);
        return;
    }
    case Kind::Reply:
        cursor.insertText(entry.text, plain);
        return;
    case Kind::Error: {
        QTextCharFormat error;
        error.setForeground(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e));
        cursor.insertText(entry.text, error);
        return;
    }
    case Kind::Notice: {
        QTextCharFormat notice;
        notice.setForeground(pal.color(QPalette::PlaceholderText));
        notice.setFontItalic(true);
        cursor.insertText(entry.text, notice);
        return;
    }
    }
}

void ConsoleWidget::rerender()
{
    m_output->clear();
    for (const Entry &entry : std::as_const(m_entries))
        render(entry);
    QScrollBar *bar = m_output->verticalScrollBar();
    bar->setValue(bar->maximum());
}

void ConsoleWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_output) {
        applyFonts();
        rerender();
    }
}
