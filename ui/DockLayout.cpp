#include "DockLayout.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QSettings>

namespace {

// Bumped when the set of docks changes, so an old saved state is not applied to new docks.
constexpr int kStateVersion = 1;
const QString kGeometryKey = QStringLiteral("MainWindow/geometry");
const QString kStateKey = QStringLiteral("MainWindow/state");

} // namespace

DockLayout::DockLayout(QMainWindow *window, QWidget *nodes, QWidget *inspector, QWidget *eventLog,
                       QWidget *consoles)
    : QObject(window)
    , m_window(window)
{
    window->setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks
                           | QMainWindow::AllowNestedDocks);
    window->setTabPosition(Qt::BottomDockWidgetArea, QTabWidget::North);
    // The bottom panels run the full width: the node table has many columns and event
    // messages are long; the inspector reads fine in the height that is left.
    window->setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    window->setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);

    m_nodes = makeDock(QStringLiteral("nodesDock"), tr("Nodes"), nodes, QKeySequence(Qt::ALT | Qt::Key_1));
    m_inspector = makeDock(QStringLiteral("inspectorDock"), tr("Inspector"), inspector,
                           QKeySequence(Qt::ALT | Qt::Key_2));
    m_eventLog = makeDock(QStringLiteral("eventLogDock"), tr("Event Log"), eventLog,
                          QKeySequence(Qt::ALT | Qt::Key_3));
    m_console = makeDock(QStringLiteral("consoleDock"), tr("Console"), consoles,
                         QKeySequence(Qt::ALT | Qt::Key_4));

    arrange();
}

void DockLayout::arrange()
{
    for (QDockWidget *dock : {m_nodes, m_inspector, m_eventLog, m_console}) {
        dock->setFloating(false);
        dock->show();
    }
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_nodes);
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    m_window->splitDockWidget(m_nodes, m_eventLog, Qt::Horizontal);
    m_window->tabifyDockWidget(m_eventLog, m_console);
    m_eventLog->raise();
}

void DockLayout::resetToDefaults(int nodesPreferredWidth)
{
    QSettings().remove(kStateKey);
    arrange();
    applyDefaultSizes(nodesPreferredWidth);
}

QDockWidget *DockLayout::makeDock(const QString &objectName, const QString &title, QWidget *content,
                                  const QKeySequence &toggleShortcut)
{
    auto *dock = new QDockWidget(title, m_window);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                      | QDockWidget::DockWidgetFloatable);
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(objectName + QStringLiteral("Toggle"));
    toggle->setShortcut(toggleShortcut);
    toggle->setToolTip(tr("Show or hide the %1 panel").arg(title));
    m_window->addAction(toggle);
    return dock;
}

QList<QAction *> DockLayout::toggleActions() const
{
    return {m_nodes->toggleViewAction(), m_inspector->toggleViewAction(),
            m_eventLog->toggleViewAction(), m_console->toggleViewAction()};
}

void DockLayout::applyDefaultSizes(int nodesPreferredWidth)
{
    // The topology keeps most of the room; the panels get what their content needs to be
    // read without scrolling sideways at common sizes.
    const QSize size = m_window->size();
    const int inspectorWidth = qBound(360, size.width() * 27 / 100, 520);
    const int bottomHeight = qBound(180, size.height() * 28 / 100, 340);
    // The node table's columns first (every column readable), the event log what is left,
    // but never less than a useful 330 px (its details line shows the current event whole).
    const int nodesWidth = qBound(size.width() / 2, qMax(nodesPreferredWidth, size.width() * 63 / 100),
                                  qMax(size.width() / 2, size.width() - 330));
    m_window->resizeDocks({m_inspector}, {inspectorWidth}, Qt::Horizontal);
    m_window->resizeDocks({m_nodes}, {bottomHeight}, Qt::Vertical);
    m_window->resizeDocks({m_nodes, m_eventLog}, {nodesWidth, size.width() - nodesWidth}, Qt::Horizontal);
}

void DockLayout::reveal(QDockWidget *dock)
{
    dock->show();
    dock->raise();
}

bool DockLayout::restore()
{
    const QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    const QByteArray state = settings.value(kStateKey).toByteArray();
    if (!geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    return !state.isEmpty() && m_window->restoreState(state, kStateVersion);
}

void DockLayout::save() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, m_window->saveGeometry());
    settings.setValue(kStateKey, m_window->saveState(kStateVersion));
}
