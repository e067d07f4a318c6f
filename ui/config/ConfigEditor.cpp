#include "ConfigEditor.h"

#include "ConfigHighlighter.h"
#include "ConfigLineNumberArea.h"
#include "ConfigTokens.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/ConfigAdvisor.h"
#include "config/ConfigValidator.h"

#include <algorithm>

#include <QAbstractItemView>
#include <QCompleter>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QTimer>
#include <QToolTip>

namespace {

QString typeName(ConfigSchema::Type type)
{
    switch (type) {
    case ConfigSchema::Type::Bool: return ConfigEditor::tr("yes/no");
    case ConfigSchema::Type::Enum: return ConfigEditor::tr("one of a set");
    case ConfigSchema::Type::Integer: return ConfigEditor::tr("integer");
    case ConfigSchema::Type::Memory: return ConfigEditor::tr("memory size");
    case ConfigSchema::Type::Octal: return ConfigEditor::tr("octal number");
    case ConfigSchema::Type::String: return ConfigEditor::tr("string");
    case ConfigSchema::Type::Special: return ConfigEditor::tr("special");
    }
    return {};
}

QString directiveHelp(const ConfigSchema::Directive &d)
{
    QString html = QStringLiteral("<b>%1</b> <i>(%2)</i>")
                       .arg(QString::fromLatin1(d.name).toHtmlEscaped(), typeName(d.type));
    if (d.type == ConfigSchema::Type::Enum && d.enumValues)
        html += QStringLiteral("<br/>") + ConfigEditor::tr("Values: %1")
                    .arg(QString::fromLatin1(d.enumValues).replace(QLatin1Char('|'), QStringLiteral(", "))
                             .toHtmlEscaped());
    if (d.defaultValue && !d.has(ConfigSchema::Sensitive))
        html += QStringLiteral("<br/>") + ConfigEditor::tr("Default: %1")
                    .arg(QString::fromLatin1(d.defaultValue).toHtmlEscaped());
    if (d.has(ConfigSchema::TlsOnly))
        html += QStringLiteral("<br/>") + ConfigEditor::tr("Only in TLS-enabled builds.");
    if (d.description && *d.description)
        html += QStringLiteral("<p>") + QString::fromUtf8(d.description).toHtmlEscaped()
                + QStringLiteral("</p>");
    return html;
}

QStringList directiveNames()
{
    QStringList names;
    for (const ConfigSchema::Directive *d : ConfigSchema::instance().directives()) {
        if (!d->has(ConfigSchema::Hidden))
            names << QString::fromLatin1(d->name);
    }
    for (const QByteArray &name : ConfigSchema::handParsedNames())
        names << QString::fromLatin1(name);
    names.removeDuplicates();
    names.sort();
    return names;
}

} // namespace

ConfigEditor::ConfigEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new ConfigHighlighter(document()))
    , m_gutter(new ConfigLineNumberArea(this))
    , m_completer(new QCompleter(this))
    , m_completions(new QStringListModel(this))
    , m_validateTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("configEditor"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    m_highlighter->setPalette(palette());

    m_completer->setModel(m_completions);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->popup()->setObjectName(QStringLiteral("configCompletionPopup"));
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &ConfigEditor::insertCompletion);

    // Validation parses the whole file: wait for a pause in typing instead of every key.
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(kValidateDelayMs);
    connect(m_validateTimer, &QTimer::timeout, this, &ConfigEditor::validateNow);
    connect(document(), &QTextDocument::contentsChanged, m_validateTimer, qOverload<>(&QTimer::start));

    connect(this, &QPlainTextEdit::blockCountChanged, this,
            [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &ConfigEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &ConfigEditor::updateExtraSelections);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void ConfigEditor::loadBytes(const QByteArray &bytes, const QString &path)
{
    m_path = path;
    m_file = ConfigFileText::fromBytes(bytes);
    setPlainText(m_file.text());  // also resets undo history and the modified flag
    m_loadedText = toPlainText();
    validateNow();
}

QByteArray ConfigEditor::fileBytes() const
{
    const QString text = toPlainText();
    return m_file.encode(text, text == m_loadedText);
}

int ConfigEditor::countOf(ConfigDiagnostic::Severity severity) const
{
    return int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(),
                             [severity](const ConfigDiagnostic &d) { return d.severity == severity; }));
}

void ConfigEditor::validateNow()
{
    m_validateTimer->stop();
    m_diagnostics = diagnose(toPlainText());
    updateExtraSelections();
    Q_EMIT diagnosticsChanged();
}

void ConfigEditor::setValidatorOptions(const ConfigValidator::Options &options)
{
    m_options = options;
    validateNow();
}

void ConfigEditor::setAdvisorContext(const ConfigAdvisorContext &context)
{
    m_context = context;
    validateNow();
}

void ConfigEditor::goTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + ConfigTokens::byteColumnToOffset(block.text(), column));
    setTextCursor(cursor);
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

void ConfigEditor::setSearchMatches(const QList<TextSearch::Match> &matches)
{
    if (matches == m_searchMatches)
        return;
    m_searchMatches = matches;
    updateExtraSelections();
}

bool ConfigEditor::renameDirective(int line, const QString &name)
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid() || name.isEmpty())
        return false;
    const QList<ConfigTokens::Token> tokens = ConfigTokens::split(block.text());
    if (tokens.isEmpty() || block.text().at(tokens.first().start) == QLatin1Char('#'))
        return false;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + tokens.first().start);
    cursor.setPosition(block.position() + tokens.first().start + tokens.first().length,
                       QTextCursor::KeepAnchor);
    cursor.insertText(name);  // one edit block: a single undo step
    setTextCursor(cursor);
    return true;
}

QList<ConfigDiagnostic> ConfigEditor::diagnose(const QString &text) const
{
    const ConfigDocument doc = ConfigDocument::parse(text.toUtf8(), m_path);
    // What redis-server would refuse, then the replication risks it accepts.
    return ConfigValidator::validate(doc, m_options) + ConfigAdvisor::advise(doc, m_context);
}

QString ConfigEditor::renameConflict(int line, const QString &name) const
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid() || name.isEmpty())
        return tr("line %1 does not exist").arg(line);
    const QList<ConfigTokens::Token> tokens = ConfigTokens::split(block.text());
    if (tokens.isEmpty() || block.text().at(tokens.first().start) == QLatin1Char('#'))
        return tr("line %1 holds no directive").arg(line);
    QString renamed = block.text();
    renamed.replace(tokens.first().start, tokens.first().length, name);
    QStringList lines = toPlainText().split(QLatin1Char('\n'));
    lines[line - 1] = renamed;

    auto same = [](const ConfigDiagnostic &a, const ConfigDiagnostic &b) {
        return a.line == b.line && a.code == b.code && a.message == b.message && a.file == b.file;
    };
    for (const ConfigDiagnostic &after : diagnose(lines.join(QLatin1Char('\n')))) {
        const bool known = std::any_of(m_diagnostics.cbegin(), m_diagnostics.cend(),
                                       [&](const ConfigDiagnostic &before) { return same(before, after); });
        if (!known)
            return after.file.isEmpty() ? tr("line %1: %2").arg(after.line).arg(after.message)
                                        : tr("%1 line %2: %3").arg(after.file).arg(after.line).arg(after.message);
    }
    return {};
}

QString ConfigEditor::toolTipAt(const QTextCursor &cursor) const
{
    const QTextBlock block = cursor.block();
    const int line = block.blockNumber() + 1;
    const int pos = cursor.positionInBlock();
    QStringList messages;
    for (const ConfigDiagnostic &d : m_diagnostics) {
        if (d.line != line)
            continue;
        const QTextEdit::ExtraSelection sel = underline(d);
        const int start = sel.cursor.selectionStart() - block.position();
        const int end = sel.cursor.selectionEnd() - block.position();
        if (pos >= start && pos <= end) {
            QString text = d.message.toHtmlEscaped();
            if (!d.fix.isEmpty())
                text += QStringLiteral("<br/>") + tr("Suggestion: %1").arg(d.fix.toHtmlEscaped());
            messages << text;
        }
    }
    if (!messages.isEmpty())
        return messages.join(QStringLiteral("<hr/>"));
    const QList<ConfigTokens::Token> tokens = ConfigTokens::split(block.text());
    if (tokens.isEmpty() || pos < tokens.first().start || pos > tokens.first().start + tokens.first().length)
        return {};
    const QString name = block.text().mid(tokens.first().start, tokens.first().length);
    if (name.startsWith(QLatin1Char('#')))
        return {};
    if (const ConfigSchema::Directive *d = ConfigSchema::instance().find(name.toUtf8()))
        return directiveHelp(*d);
    return {};
}

int ConfigEditor::complete(bool force)
{
    const QTextCursor cursor = textCursor();
    const QString left = cursor.block().text().left(cursor.positionInBlock());
    const QList<ConfigTokens::Token> tokens = ConfigTokens::split(left);
    const bool atWordEnd = !left.isEmpty() && !left.back().isSpace();
    QStringList candidates;
    QString prefix;
    if (tokens.isEmpty() || (tokens.size() == 1 && atWordEnd)) {
        prefix = tokens.isEmpty() ? QString() : left.mid(tokens.first().start);
        if (prefix.startsWith(QLatin1Char('#')))
            return 0;
        candidates = directiveNames();
    } else if (tokens.size() == 1 || (tokens.size() == 2 && atWordEnd)) {
        // The first argument of a directive with a fixed set of values.
        const QString name = left.mid(tokens.first().start, tokens.first().length);
        const ConfigSchema::Directive *d = ConfigSchema::instance().find(name.toUtf8());
        if (!d)
            return 0;
        if (d->type == ConfigSchema::Type::Enum) {
            for (const QByteArray &v : d->enumList())
                candidates << QString::fromLatin1(v);
        } else if (d->type == ConfigSchema::Type::Bool) {
            candidates << QStringLiteral("yes") << QStringLiteral("no");
        }
        prefix = atWordEnd ? left.mid(tokens.at(1).start) : QString();
        force = force || !atWordEnd;  // right after the space: show the choices
    }
    QAbstractItemView *popup = m_completer->popup();
    if (candidates.isEmpty() || (prefix.isEmpty() && !force) || (prefix.size() < 2 && !force && tokens.size() <= 1)) {
        popup->hide();
        return 0;
    }
    m_completions->setStringList(candidates);
    m_completer->setCompletionPrefix(prefix);
    const int count = m_completer->completionCount();
    if (count == 0 || (count == 1 && m_completer->currentCompletion().compare(prefix, Qt::CaseInsensitive) == 0)) {
        popup->hide();
        return count;
    }
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QRect rect = cursorRect();
    rect.translate(viewportMargins().left(), 0);
    rect.setWidth(popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
    return count;
}

void ConfigEditor::insertCompletion(const QString &completion)
{
    QTextCursor cursor = textCursor();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor,
                        int(m_completer->completionPrefix().size()));
    cursor.insertText(completion);
    setTextCursor(cursor);
}

bool ConfigEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = toolTipAt(cursorForPosition(help->pos()));
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

void ConfigEditor::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();  // the completer's popup takes these
            return;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_Space && event->modifiers() == Qt::ControlModifier) {
        complete(true);
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    const QString typed = event->text();
    if (!typed.isEmpty() && typed.at(0).isPrint() && !(event->modifiers() & Qt::ControlModifier))
        complete(false);
    else if (event->key() != Qt::Key_Backspace)
        m_completer->popup()->hide();
}

void ConfigEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void ConfigEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        updateExtraSelections();
    }
}

int ConfigEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 3);
}

void ConfigEditor::paintLineNumbers(QWidget *area, QPaintEvent *event)
{
    QPainter painter(area);
    painter.fillRect(event->rect(), palette().color(QPalette::Window));
    const int current = textCursor().blockNumber();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int lineHeight = fontMetrics().height();
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        if (block.isVisible() && bottom >= event->rect().top()) {
            const QPalette::ColorRole role = block.blockNumber() == current ? QPalette::WindowText
                                                                            : QPalette::PlaceholderText;
            painter.setPen(palette().color(role));
            painter.drawText(0, top, area->width() - 6, lineHeight, Qt::AlignRight,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top = bottom;
    }
}

void ConfigEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

QColor ConfigEditor::severityColor(ConfigDiagnostic::Severity severity) const
{
    const bool dark = palette().color(QPalette::Base).lightnessF() < 0.5;
    switch (severity) {
    case ConfigDiagnostic::Severity::Error: return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e);
    case ConfigDiagnostic::Severity::Warning: return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0xbf, 0x87, 0x00);
    case ConfigDiagnostic::Severity::Info: return dark ? QColor(0x58, 0xa6, 0xff) : QColor(0x09, 0x69, 0xda);
    }
    return {};
}

QTextEdit::ExtraSelection ConfigEditor::underline(const ConfigDiagnostic &diagnostic) const
{
    QTextEdit::ExtraSelection sel;
    const QTextBlock block = document()->findBlockByNumber(diagnostic.line - 1);
    if (!block.isValid())
        return sel;
    const QString text = block.text();
    ConfigTokens::Token span;
    if (diagnostic.column > 0) {
        span = ConfigTokens::tokenAt(text, ConfigTokens::byteColumnToOffset(text, diagnostic.column));
    } else {
        const QString trimmed = text.trimmed();
        span = {int(text.indexOf(trimmed)), int(trimmed.size())};
    }
    sel.cursor = QTextCursor(block);
    sel.cursor.setPosition(block.position() + span.start);
    sel.cursor.setPosition(block.position() + span.start + span.length, QTextCursor::KeepAnchor);
    sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    sel.format.setUnderlineColor(severityColor(diagnostic.severity));
    return sel;
}

void ConfigEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection current;
    QColor lineColor = palette().color(QPalette::Highlight);
    lineColor.setAlpha(28);  // a hint of the current line that never hides the text
    current.format.setBackground(lineColor);
    current.format.setProperty(QTextFormat::FullWidthSelection, true);
    current.cursor = textCursor();
    current.cursor.clearSelection();
    selections << current;
    // A one-letter search can match tens of thousands of times; past a few thousand
    // highlights painting gets slow and the marks stop telling anything apart.
    constexpr qsizetype kMaxSearchHighlights = 5000;
    const qsizetype highlighted = std::min(m_searchMatches.size(), kMaxSearchHighlights);
    const bool dark = palette().color(QPalette::Base).lightnessF() < 0.5;
    QTextCharFormat matchFormat;
    matchFormat.setBackground(dark ? QColor(0x9e, 0x6a, 0x03, 150) : QColor(0xff, 0xd3, 0x3d, 150));
    const int length = document()->characterCount();
    for (qsizetype i = 0; i < highlighted; ++i) {
        const TextSearch::Match &m = m_searchMatches.at(i);
        if (m.end() >= length)
            break;  // stale: the text shrank before the bar searched again
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(document());
        sel.cursor.setPosition(int(m.start));
        sel.cursor.setPosition(int(m.end()), QTextCursor::KeepAnchor);
        sel.format = matchFormat;
        selections << sel;
    }
    for (const ConfigDiagnostic &d : std::as_const(m_diagnostics)) {
        QTextEdit::ExtraSelection sel = underline(d);
        if (!sel.cursor.isNull())
            selections << sel;
    }
    setExtraSelections(selections);
}
