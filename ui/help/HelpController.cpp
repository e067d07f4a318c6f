#include "HelpController.h"

#include "FirstStepsDialog.h"
#include "PreferencesDialog.h"
#include "ShortcutsDialog.h"
#include "config/ConfigEditorWindow.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>

#include <memory>

namespace {

const QString kPollKey = QStringLiteral("monitor/pollIntervalMs");

QAction *helpAction(QMainWindow *window, const QString &text, const QString &objectName, const QKeySequence &key)
{
    auto *action = new QAction(text, window);
    action->setObjectName(objectName);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    window->addAction(action);
    return action;
}

template<typename Dialog>
Dialog *openDialog(Dialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

} // namespace

HelpController::HelpController(const Parts &parts)
    : QObject(parts.window)
    , m_parts(parts)
    , m_firstSteps(helpAction(parts.window, tr("&First Steps"), QStringLiteral("firstStepsAction"),
                              QKeySequence(Qt::Key_F1)))
    , m_shortcuts(helpAction(parts.window, tr("&Keyboard Shortcuts"), QStringLiteral("shortcutsAction"),
                             QKeySequence(Qt::CTRL | Qt::Key_Slash)))
    , m_preferences(helpAction(parts.window, tr("&Preferences…"), QStringLiteral("preferencesAction"),
                               QKeySequence(Qt::CTRL | Qt::Key_Comma)))
{
    m_preferences->setMenuRole(QAction::PreferencesRole);
    connect(m_firstSteps, &QAction::triggered, this, [this] { showFirstSteps(); });
    connect(m_shortcuts, &QAction::triggered, this, [this] { showShortcuts(); });
    connect(m_preferences, &QAction::triggered, this, [this] { showPreferences(); });
    if (m_parts.about)
        connect(m_parts.about, &QAction::triggered, this, &HelpController::showAbout);
    if (QSettings().contains(kPollKey) && m_parts.monitor)
        m_parts.monitor->setInterval(savedPollInterval());
}

int HelpController::savedPollInterval()
{
    return qBound(PreferencesDialog::kMinPollMs, QSettings().value(kPollKey, 1000).toInt(), PreferencesDialog::kMaxPollMs);
}

void HelpController::fillHelpMenu(QMenu *help) const
{
    help->addAction(m_firstSteps);
    help->addAction(m_shortcuts);
    help->addSeparator();
    if (m_parts.about)
        help->addAction(m_parts.about);
}

void HelpController::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Tandem"),
                                tr("<h3>Tandem %1</h3><p>A control room for Redis replication: "
                                   "watch masters, replicas and sentinels live, and run the dangerous "
                                   "operations as reviewed plans.</p>")
                                    .arg(QStringLiteral(TANDEM_VERSION)),
                                QMessageBox::Close, m_parts.window);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(m_parts.window->windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

FirstStepsDialog *HelpController::showFirstSteps()
{
    return openDialog(new FirstStepsDialog(m_parts.window));
}

ShortcutsDialog *HelpController::showShortcuts()
{
    // The editor's keys are read from a real (never shown) editor window, so the list is
    // what its menus really hold.
    const auto editor = std::make_unique<ConfigEditorWindow>();
    return openDialog(new ShortcutsDialog({{tr("Main window"), m_parts.window->menuBar()},
                                           {tr("redis.conf editor"), editor->menuBar()}},
                                          m_parts.window));
}

PreferencesDialog *HelpController::showPreferences()
{
    const PreferencesDialog::Values current{m_parts.monitor ? m_parts.monitor->interval() : savedPollInterval(),
                                            m_parts.askBeforeFencing && m_parts.askBeforeFencing->isChecked()};
    auto *dialog = new PreferencesDialog(current, m_parts.window);
    connect(dialog, &PreferencesDialog::resetLayoutRequested, this, [this] {
        if (m_parts.resetLayout)
            m_parts.resetLayout();
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const PreferencesDialog::Values chosen = dialog->values();
        if (m_parts.monitor && chosen.pollIntervalMs != m_parts.monitor->interval()) {
            m_parts.monitor->setInterval(chosen.pollIntervalMs);
            QSettings().setValue(kPollKey, chosen.pollIntervalMs);
        }
        // The action owns the setting (saved, applied to the fence) wherever it is changed.
        if (m_parts.askBeforeFencing && m_parts.askBeforeFencing->isChecked() != chosen.askBeforeFencing)
            m_parts.askBeforeFencing->trigger();
    });
    return openDialog(dialog);
}
