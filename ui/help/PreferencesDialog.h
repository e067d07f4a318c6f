#pragma once

#include <QDialog>

class QCheckBox;
class QSpinBox;

// Help-adjacent settings a user expects to find in one place (File › Preferences…): how
// often nodes are polled, whether a returning old master is demoted automatically or only
// after asking, and putting the panels back where they started. Changes apply on OK.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    struct Values
    {
        int pollIntervalMs = 1000;
        bool askBeforeFencing = false;
    };

    explicit PreferencesDialog(const Values &current, QWidget *parent = nullptr);
    Values values() const;

    static constexpr int kMinPollMs = 200;
    static constexpr int kMaxPollMs = 60000;

Q_SIGNALS:
    void resetLayoutRequested();

private:
    QSpinBox *m_poll;
    QCheckBox *m_askFence;
};
