#include "ConfigCompareDialog.h"

#include "ConfigDiffTableModel.h"
#include "config/ConfigDiff.h"
#include "config/ConfigSchema.h"
#include "config/LiveConfig.h"
#include "widgets/RowTableStyle.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QByteArray canonical(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name);
    return d ? QByteArray(d->name) : name.toLower();
}

bool isSensitive(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name);
    return d && d->has(ConfigSchema::Sensitive);
}

// ACL rules that carry a password or its hash: >pass, <pass, #hash, !hash.
bool isAclSecret(const QByteArray &rule)
{
    return rule.startsWith('>') || rule.startsWith('<') || rule.startsWith('#') || rule.startsWith('!');
}

QByteArray maskedLine(const ConfigLine &line)
{
    const QByteArray hidden = ConfigDocument::quoteArg(LiveConfig::placeholder());
    if (line.kind == ConfigLine::Kind::Invalid) {
        // Unbalanced quotes: nothing to parse, so hide everything after a secret's name.
        const QByteArray trimmed = line.raw.trimmed();
        const qsizetype space = trimmed.indexOf(' ');
        if (space > 0 && isSensitive(trimmed.left(space)))
            return line.raw.left(line.raw.indexOf(trimmed) + space) + ' ' + hidden;
        return line.raw;
    }
    if (line.kind != ConfigLine::Kind::Directive || line.args.isEmpty() || !isSensitive(line.name))
        return line.raw;
    QByteArray out = line.raw.left(line.argColumns.first() - 1);
    if (canonical(line.name) == "user") {
        QList<QByteArray> rules;
        for (const QByteArray &a : line.args)
            rules.append(isAclSecret(a) ? a.left(1) + hidden : ConfigDocument::quoteArg(a));
        return out + rules.join(' ');
    }
    return out + hidden;
}

QColor mix(const QColor &a, const QColor &b, double amount)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amount) + b.redF() * amount),
                            float(a.greenF() * (1 - amount) + b.greenF() * amount),
                            float(a.blueF() * (1 - amount) + b.blueF() * amount));
}

QList<int> linesOf(const ConfigDocument &doc, const QByteArray &directive)
{
    QList<int> out;
    for (const ConfigLine &line : doc.lines()) {
        if (line.kind == ConfigLine::Kind::Directive && canonical(line.name) == directive)
            out.append(line.number);
    }
    return out;
}

QPlainTextEdit *newPane(const QString &objectName, QWidget *parent)
{
    auto *pane = new QPlainTextEdit(parent);
    pane->setObjectName(objectName);
    pane->setReadOnly(true);
    pane->setLineWrapMode(QPlainTextEdit::NoWrap);  // scroll value = line number
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return pane;
}

} // namespace

ConfigCompareDialog::ConfigCompareDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new ConfigDiffTableModel(this))
    , m_summary(new QLabel(this))
    , m_showDefaults(new QCheckBox(tr("Show settings &left at their default"), this))
    , m_table(new QTableView(this))
    , m_leftTitle(new QLabel(this))
    , m_rightTitle(new QLabel(this))
    , m_leftPane(newPane(QStringLiteral("compareLeft"), this))
    , m_rightPane(newPane(QStringLiteral("compareRight"), this))
{
    setObjectName(QStringLiteral("configCompareDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Compare configurations"));
    resize(1000, 720);

    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_showDefaults->setObjectName(QStringLiteral("compareShowDefaults"));
    m_showDefaults->setToolTip(tr("Also list a setting written on one side only when it just restates the default"));
    m_leftTitle->setObjectName(QStringLiteral("compareLeftTitle"));
    m_rightTitle->setObjectName(QStringLiteral("compareRightTitle"));
    for (QLabel *title : {m_leftTitle, m_rightTitle}) {
        QFont f = title->font();
        f.setBold(true);
        title->setFont(f);
        title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_leftTitle->setBuddy(m_leftPane);
    m_rightTitle->setBuddy(m_rightPane);

    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setModel(m_model);
    RowTableStyle::apply(m_table, QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    auto *copy = new QPushButton(tr("&Copy as Text"), this);
    copy->setObjectName(QStringLiteral("compareCopy"));
    copy->setToolTip(tr("Copy the differences as tab-separated text (secrets stay hidden)"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(differencesText()); });

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_showDefaults);
    bar->addWidget(copy);
    topLayout->addLayout(bar);
    topLayout->addWidget(m_table);

    auto *panes = new QSplitter(Qt::Horizontal, this);
    for (auto [title, pane] : {std::pair{m_leftTitle, m_leftPane}, std::pair{m_rightTitle, m_rightPane}}) {
        auto *side = new QWidget(panes);
        auto *sideLayout = new QVBoxLayout(side);
        sideLayout->setContentsMargins(0, 0, 0, 0);
        sideLayout->addWidget(title);
        sideLayout->addWidget(pane);
        panes->addWidget(side);
    }

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("compareSplitter"));
    split->addWidget(top);
    split->addWidget(panes);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(m_showDefaults, &QCheckBox::toggled, this, &ConfigCompareDialog::recompute);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) { showRow(index.row()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRow(current.row()); });
    connect(m_leftPane->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { syncScroll(m_leftPane, m_rightPane); });
    connect(m_rightPane->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { syncScroll(m_rightPane, m_leftPane); });
}

void ConfigCompareDialog::setDocuments(const QString &leftTitle, const ConfigDocument &left,
                                       const QString &rightTitle, const ConfigDocument &right)
{
    m_left = left;
    m_right = right;
    m_leftTitle->setText(leftTitle);
    m_rightTitle->setText(rightTitle);
    m_model->setTitles(leftTitle, rightTitle);
    setWindowTitle(tr("Compare: %1 ↔ %2").arg(leftTitle, rightTitle));
    m_syncing = true;
    m_leftPane->setPlainText(maskedText(left));
    m_rightPane->setPlainText(maskedText(right));
    m_syncing = false;
    recompute();
}

int ConfigCompareDialog::differenceCount() const
{
    return m_model->rowCount();
}

void ConfigCompareDialog::setShowDefaults(bool show)
{
    m_showDefaults->setChecked(show);
}

QString ConfigCompareDialog::differencesText() const
{
    return m_model->toText();
}

QString ConfigCompareDialog::maskedText(const ConfigDocument &doc)
{
    QByteArray out;
    for (const ConfigLine &line : doc.lines()) {
        if (!out.isEmpty() || line.number > 1)
            out.append('\n');
        out.append(maskedLine(line));
    }
    return QString::fromUtf8(out);
}

void ConfigCompareDialog::recompute()
{
    ConfigDiff::Options options;
    options.showDefaults = m_showDefaults->isChecked();
    const QList<ConfigDifference> differences = ConfigDiff::compare(m_left, m_right, options);
    m_leftLines.clear();
    m_rightLines.clear();
    for (const ConfigDifference &d : differences) {
        m_leftLines.append(linesOf(m_left, d.directive));
        m_rightLines.append(linesOf(m_right, d.directive));
    }
    m_currentRow = -1;
    m_model->setDifferences(differences);
    m_table->resizeColumnToContents(ConfigDiffTableModel::DirectiveColumn);
    m_table->setColumnWidth(ConfigDiffTableModel::LeftColumn,
                            qMax(m_table->columnWidth(ConfigDiffTableModel::DirectiveColumn), 320));
    m_summary->setText(differences.isEmpty() ? tr("The two configurations run the same.")
                     : differences.size() == 1 ? tr("1 setting differs.")
                                               : tr("%1 settings differ.").arg(differences.size()));
    updateHighlights();
}

void ConfigCompareDialog::updateHighlights()
{
    // Tints of the palette's highlight over the pane's base: readable in light and dark themes.
    const QPalette pal = m_leftPane->palette();
    const QColor differs = mix(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.22);
    const QColor current = mix(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.45);
    for (auto [pane, lines] : {std::pair{m_leftPane, &m_leftLines}, std::pair{m_rightPane, &m_rightLines}}) {
        QList<QTextEdit::ExtraSelection> selections;
        for (int row = 0; row < lines->size(); ++row) {
            for (const int line : lines->at(row)) {
                QTextEdit::ExtraSelection s;
                s.cursor = QTextCursor(pane->document()->findBlockByNumber(line - 1));
                s.format.setBackground(row == m_currentRow ? current : differs);
                s.format.setForeground(pal.color(QPalette::Text));
                s.format.setProperty(QTextFormat::FullWidthSelection, true);
                selections.append(s);
            }
        }
        pane->setExtraSelections(selections);
    }
}

void ConfigCompareDialog::showRow(int row)
{
    if (row < 0 || row >= m_leftLines.size())
        return;
    m_currentRow = row;
    // Each side goes to its own line; proportional syncing would undo that.
    m_syncing = true;
    if (!m_leftLines.at(row).isEmpty())
        scrollToLine(m_leftPane, m_leftLines.at(row).last());
    if (!m_rightLines.at(row).isEmpty())
        scrollToLine(m_rightPane, m_rightLines.at(row).last());
    m_syncing = false;
    updateHighlights();
}

void ConfigCompareDialog::scrollToLine(QPlainTextEdit *pane, int line)
{
    pane->setTextCursor(QTextCursor(pane->document()->findBlockByNumber(line - 1)));
    const int visible = qMax(1, pane->viewport()->height() / qMax(1, pane->fontMetrics().lineSpacing()));
    pane->verticalScrollBar()->setValue(qMax(0, line - 1 - visible / 3));
}

void ConfigCompareDialog::syncScroll(QPlainTextEdit *from, QPlainTextEdit *to)
{
    if (m_syncing)
        return;
    m_syncing = true;
    const QScrollBar *source = from->verticalScrollBar();
    const double ratio = source->maximum() > 0 ? double(source->value()) / source->maximum() : 0.0;
    to->verticalScrollBar()->setValue(qRound(ratio * to->verticalScrollBar()->maximum()));
    m_syncing = false;
}

void ConfigCompareDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    // The panes may take the new palette after the dialog: recolour once they have.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        QTimer::singleShot(0, this, &ConfigCompareDialog::updateHighlights);
}
