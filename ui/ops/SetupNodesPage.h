#pragma once

#include "topology/Topology.h"

#include <QWizardPage>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class SetupWizard;

// Set-up page 1: the master (one node in view) and its replicas (checked nodes in view); a
// node not in view yet joins through "New connection…" (the usual ConnectionDialog).
// Complete with a master and at least one other node checked.
class SetupNodesPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupNodesPage(SetupWizard *wizard);

    void preset(const QString &master, const QStringList &replicas);
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    // "host:port — replica of …" / "— master with N replica(s)" / "— standalone" /
    // "— does not answer" / "(connecting…)": how a node reads in the wizards' lists.
    static QString describe(const Topology &topology, const QString &address);

private:
    QStringList candidates() const;
    void refresh();
    // Hides the master from the replicas, says what is missing.
    void applyMaster();
    void openConnectionDialog();
    QString master() const;
    QStringList replicas() const;

    SetupWizard *m_wizard;
    QComboBox *m_master;
    QListWidget *m_replicas;
    QPushButton *m_newConnection;
    QLabel *m_hint;
    QString m_presetMaster;
    QStringList m_presetReplicas;
    QStringList m_shown;   // what the lists said at the last rebuild
};
