#pragma once

#include <QWizardPage>

class MigrateWizard;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

// Migration page 1: the source (a master in view), the target (a node in view outside the
// source's group, or a new connection through the usual ConnectionDialog), how the copy is
// verified (a sample of N keys, every key, or none), whether the source's replicas follow the
// target, what an abort leaves on the target and how long the catch-up may pause writes.
class MigrateNodesPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MigrateNodesPage(MigrateWizard *wizard);

    void preset(const QString &source);
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    QStringList sources() const;
    QStringList targets(const QString &source) const;
    void refresh();
    void refillTargets();
    void openConnectionDialog();
    QString source() const;
    QString target() const;

    MigrateWizard *m_wizard;
    QComboBox *m_source;
    QComboBox *m_target;
    QPushButton *m_newConnection;
    QComboBox *m_verify;
    QSpinBox *m_sample;
    QCheckBox *m_repoint;
    QComboBox *m_onAbort;
    QSpinBox *m_catchUp;
    QLabel *m_hint;
    QString m_presetSource;
    QString m_presetTarget;
    QStringList m_shown;   // what the lists said at the last rebuild
};
