#include "EventLogView.h"

#include "widgets/RowTableStyle.h"

#include "EventLogFilterModel.h"
#include "EventLogModel.h"

#include <QAction>
#include <QKeyEvent>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

EventLogView::EventLogView(EventLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model ? model : new EventLogModel(this))
    , m_filter(new EventLogFilterModel(this))
{
    setObjectName(QStringLiteral("eventLog"));
    m_filter->setSourceModel(m_model);

    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("eventSeverityFilter"));
    // Narrow: the bar must fit a dock beside the node table; the open list shows full names.
    m_severity->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_severity->setMinimumContentsLength(8);
    m_severity->addItem(tr("All events"), int(Anomaly::Severity::Info));
    m_severity->addItem(EventLogModel::severityIcon(Anomaly::Severity::Warning),
                        tr("Warnings and critical"), int(Anomaly::Severity::Warning));
    m_severity->addItem(EventLogModel::severityIcon(Anomaly::Severity::Critical),
                        tr("Critical only"), int(Anomaly::Severity::Critical));
    connect(m_severity, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setMinimumSeverity(Anomaly::Severity(m_severity->currentData().toInt()));
        updateCount();
    });

    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("eventTextFilter"));
    m_text->setPlaceholderText(tr("Filter by node or message"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 8);
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        updateCount();
    });

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("eventCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    // Copy, Export and Clear behind one button (and the table's context menu): the bar must
    // leave the node table its room beside this dock at 1280 px.
    m_actions = new QMenu(this);
    QAction *copy = m_actions->addAction(tr("&Copy"), this, &EventLogView::copySelection);
    copy->setObjectName(QStringLiteral("eventCopyAction"));
    copy->setToolTip(tr("Copy the selected rows (all visible rows when none is selected)"));
    QAction *exportAction = m_actions->addAction(tr("&Export…"), this, &EventLogView::exportWithDialog);
    exportAction->setObjectName(QStringLiteral("eventExportAction"));
    exportAction->setToolTip(tr("Save the visible rows to a text file"));
    m_actions->addSeparator();
    QAction *clear = m_actions->addAction(tr("C&lear"), m_model, &EventLogModel::clear);
    clear->setObjectName(QStringLiteral("eventClearAction"));
    auto *more = new QToolButton(this);
    more->setObjectName(QStringLiteral("eventActionsButton"));
    more->setText(QStringLiteral("\u22EF"));  // the usual "more" button; its tooltip says what is behind it
    more->setToolTip(tr("Copy, export or clear the event log"));
    more->setPopupMode(QToolButton::InstantPopup);
    more->setMenu(m_actions);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_filter);
    // Fixed row heights (part of the shared style) keep scrolling through 10 000 rows cheap.
    RowTableStyle::apply(m_table, QAbstractItemView::ExtendedSelection);
    m_table->setTextElideMode(Qt::ElideRight);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(EventLogModel::TimeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EventLogModel::SeverityColumn, QHeaderView::ResizeToContents);
    // The node is in the message and in the details line; beside the node table the dock is
    // too narrow to spend a column on it (copy and export keep it).
    m_table->setColumnHidden(EventLogModel::NodeColumn, true);
    header->setStretchLastSection(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &EventLogView::showContextMenu);

    // Item views copy only the current cell on Ctrl+C; whole rows are what users want.
    m_table->installEventFilter(this);

    // Follow new rows only while the user is looking at the newest ones.
    QScrollBar *bar = m_table->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        m_following = value >= bar->maximum();
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_following)
            bar->setValue(max);
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &EventLogView::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &EventLogView::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &EventLogView::updateCount);

    auto *bar1 = new QHBoxLayout;
    bar1->setContentsMargins(0, 0, 0, 0);
    bar1->addWidget(m_severity);
    bar1->addWidget(m_text, 1);
    bar1->addWidget(m_count);
    bar1->addWidget(more);
    // Messages are longer than a dock is wide: the current event (else the newest) in full.
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("eventDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &EventLogView::updateDetails);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &EventLogView::updateDetails);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &EventLogView::updateDetails);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &EventLogView::updateDetails);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(bar1);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    updateCount();
    updateDetails();
}

void EventLogView::updateDetails()
{
    QModelIndex row = m_table->currentIndex();
    if (!row.isValid() && m_filter->rowCount() > 0)
        row = m_filter->index(m_filter->rowCount() - 1, 0);
    if (!row.isValid()) {
        m_details->clear();
        m_details->hide();
        return;
    }
    auto text = [&](int column) { return m_filter->index(row.row(), column).data().toString(); };
    const QString node = text(EventLogModel::NodeColumn);
    m_details->setText(text(EventLogModel::TimeColumn) + QStringLiteral(" · ") + text(EventLogModel::SeverityColumn)
                       + (node.isEmpty() ? QString() : QString(QStringLiteral(" · ") + node)) + QStringLiteral("\n")
                       + text(EventLogModel::MessageColumn));
    m_details->show();
}

bool EventLogView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        copySelection();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void EventLogView::appendEvents(const QList<TopologyEvent> &events)
{
    m_model->append(events);
}

void EventLogView::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    // Spelled out per count: without a loaded translation "%n event(s)" would show literally.
    if (shown == total)
        m_count->setText(total == 1 ? tr("1 event") : tr("%1 events").arg(total));
    else
        m_count->setText(tr("%1 of %2 events").arg(shown).arg(total));
}

QString EventLogView::selectedText() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << index.row();
    if (rows.isEmpty()) {
        for (int row = 0; row < m_filter->rowCount(); ++row)
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const int row : std::as_const(rows)) {
        const QModelIndex source = m_filter->mapToSource(m_filter->index(row, 0));
        lines << EventLogModel::formatLine(m_model->event(source.row()));
    }
    return lines.join(QLatin1Char('\n'));
}

void EventLogView::copySelection() const
{
    QGuiApplication::clipboard()->setText(selectedText());
}

bool EventLogView::exportTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QStringList lines{QStringList{tr("Time"), tr("Severity"), tr("Node"), tr("Message")}.join(QLatin1Char('\t'))};
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const QModelIndex source = m_filter->mapToSource(m_filter->index(row, 0));
        lines << EventLogModel::formatLine(m_model->event(source.row()));
    }
    file.write(QString(lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void EventLogView::exportWithDialog()
{
    // open(), not exec(): no nested event loop while the monitor keeps delivering.
    auto *dialog = new QFileDialog(this, tr("Export Event Log"), QString(),
                                   tr("Text files (*.txt *.log);;All files (*)"));
    dialog->setObjectName(QStringLiteral("eventExportDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("txt"));
    dialog->selectFile(QStringLiteral("tandem-events.txt"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString reason;
        if (!exportTo(path, &reason)) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Export Event Log"),
                                        tr("Could not write %1: %2").arg(path, reason),
                                        QMessageBox::Close, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    dialog->open();
}

void EventLogView::showContextMenu(const QPoint &pos)
{
    m_actions->popup(m_table->viewport()->mapToGlobal(pos));
}
