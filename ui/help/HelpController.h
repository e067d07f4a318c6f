#pragma once

#include <QObject>

#include <functional>

class FirstStepsDialog;
class PreferencesDialog;
class QAction;
class QMainWindow;
class QMenu;
class ShortcutsDialog;
class TopologyMonitor;

// The Help menu (First Steps on F1, Keyboard Shortcuts, About) and File › Preferences: the poll
// interval (saved, applied at start), the fence mode (the same setting as Operations › Ask
// Before Demoting a Returning Master) and resetting the panel layout.
class HelpController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        QMainWindow *window = nullptr;
        TopologyMonitor *monitor = nullptr;
        QAction *askBeforeFencing = nullptr;
        QAction *about = nullptr;  // Help › About Tandem
        std::function<void()> resetLayout;
    };

    explicit HelpController(const Parts &parts);

    QAction *firstStepsAction() const { return m_firstSteps; }
    QAction *shortcutsAction() const { return m_shortcuts; }
    QAction *preferencesAction() const { return m_preferences; }
    void fillHelpMenu(QMenu *help) const;

    // Each opens its dialog (non-modal, deleted on close) and returns it.
    FirstStepsDialog *showFirstSteps();
    ShortcutsDialog *showShortcuts();
    PreferencesDialog *showPreferences();
    void showAbout();

    static int savedPollInterval();  // 1000 ms unless the user chose otherwise

private:
    Parts m_parts;
    QAction *m_firstSteps;
    QAction *m_shortcuts;
    QAction *m_preferences;
};
