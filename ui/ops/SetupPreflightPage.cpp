#include "SetupPreflightPage.h"

#include "PreconditionTable.h"
#include "SetupHealthPanel.h"
#include "SetupWizard.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

SetupPreflightPage::SetupPreflightPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Preflight"));
    setSubTitle(tr("Every node is read; nothing changes yet."));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("setupPreflightStatus"));
    m_status->setWordWrap(true);
    m_checks = new PreconditionTable(this);
    m_checks->setObjectName(QStringLiteral("setupPreconditionList"));
    m_consents = new QWidget(this);
    m_consentBox = new QVBoxLayout(m_consents);
    m_consentBox->setContentsMargins(0, 0, 0, 0);
    m_repoint = new QCheckBox(this);
    m_repoint->setObjectName(QStringLiteral("setupRepointCheck"));
    m_repoint->hide();
    m_again = new QPushButton(tr("Check &Again"), this);
    m_again->setObjectName(QStringLiteral("setupProbeAgainButton"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_status, 1);
    row->addWidget(m_again);
    m_health = new SetupHealthPanel(wizard->environment(), this);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_checks);
    split->addWidget(m_health);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(split, 1);
    layout->addWidget(m_consents);
    layout->addWidget(m_repoint);
    connect(m_again, &QPushButton::clicked, this, [this] {
        m_checks->setRowCount(0);
        m_wizard->probe();
        m_health->check(chosenNodes());
    });
    connect(m_repoint, &QCheckBox::toggled, this, [this](bool on) {
        m_wizard->options().repoint = on;
        judge();
    });
    connect(wizard, &SetupWizard::probeProgress, m_status, &QLabel::setText);
    connect(wizard, &SetupWizard::probeFinished, this, &SetupPreflightPage::onProbed);
}

void SetupPreflightPage::initializePage()
{
    m_checks->setRowCount(0);
    m_plan = Plan();
    const QList<QWidget *> rows = m_consents->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(rows);
    m_discard.clear();
    m_repoint->hide();
    m_status->setText(tr("Reading %n node(s)…", nullptr, int(m_wizard->options().replicas.size()) + 1));
    m_again->setEnabled(false);
    m_wizard->options().discardReplicaData = false;
    m_wizard->options().repoint = false;
    m_wizard->probe();
    m_health->check(chosenNodes());
    Q_EMIT completeChanged();
}

QStringList SetupPreflightPage::chosenNodes() const
{
    return QStringList{m_wizard->options().master} + m_wizard->options().replicas;
}

void SetupPreflightPage::onProbed()
{
    m_again->setEnabled(true);
    rebuildConsents();
    judge();
}

void SetupPreflightPage::rebuildConsents()
{
    const QList<QWidget *> rows = m_consents->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(rows);  // each consent row with its label and field
    m_discard.clear();
    const SetupOptions &o = m_wizard->options();
    QStringList elsewhere;
    for (const QString &r : o.replicas) {
        const SetupNodeFacts *f = m_wizard->facts().node(r);
        if (!f || !f->answered)
            continue;
        if (f->role == QLatin1String("replica") && f->masterAddress != o.master)
            elsewhere.append(QStringLiteral("%1 (follows %2)").arg(r, f->masterAddress));
        if (f->keys <= 0 || (f->role == QLatin1String("replica") && f->masterAddress == o.master))
            continue;
        auto *row = new QWidget(m_consents);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *label = new QLabel(tr("%1 holds %n key(s) that REPLICAOF discards. Type its address to agree:",
                                    nullptr, int(qMin<qint64>(f->keys, INT_MAX))).arg(r), row);
        label->setWordWrap(true);
        auto *edit = new QLineEdit(row);
        edit->setObjectName(QStringLiteral("setupDiscardConfirm:") + r);
        edit->setPlaceholderText(tr("host:port"));
        edit->setMinimumWidth(200);
        edit->setToolTip(tr("%1 holds %n key(s). REPLICAOF replaces them with a copy of the master's data; they "
                            "cannot be brought back.", nullptr, int(qMin<qint64>(f->keys, INT_MAX))).arg(r));
        label->setBuddy(edit);
        rowLayout->addWidget(label, 1);
        rowLayout->addWidget(edit);
        m_consentBox->addWidget(row);
        row->show();  // now, not at the layout's next pass
        m_discard.insert(r, edit);
        connect(edit, &QLineEdit::textChanged, this, &SetupPreflightPage::judge);
    }
    // A node running without a config file can still be saved: by editing its file over
    // SSH (the probe reads it before anything changes; Check Again after typing the path).
    for (const QString &n : chosenNodes()) {
        const SetupNodeFacts *f = m_wizard->facts().node(n);
        if (!f || !f->answered || !f->configFile.isEmpty() || !f->hasSsh)
            continue;
        auto *row = new QWidget(m_consents);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *label = new QLabel(tr("%1 runs without a config file. Save the set-up by editing this file on its "
                                    "SSH host (then Check Again):").arg(n), row);
        label->setWordWrap(true);
        auto *edit = new QLineEdit(o.configFiles.value(n), row);
        edit->setObjectName(QStringLiteral("setupConfigFile:") + n);
        edit->setPlaceholderText(QStringLiteral("/etc/redis/redis.conf"));
        edit->setMinimumWidth(200);
        label->setBuddy(edit);
        rowLayout->addWidget(label, 1);
        rowLayout->addWidget(edit);
        m_consentBox->addWidget(row);
        row->show();
        connect(edit, &QLineEdit::textChanged, this, [this, n](const QString &path) {
            if (path.trimmed().isEmpty())
                m_wizard->options().configFiles.remove(n);
            else
                m_wizard->options().configFiles.insert(n, path.trimmed());
        });
    }
    m_repoint->setVisible(!elsewhere.isEmpty());
    m_repoint->setText(tr("Re-point %1 to %2").arg(elsewhere.join(QStringLiteral(", ")), o.master));
}

void SetupPreflightPage::judge()
{
    if (!m_wizard->hasFacts())
        return;
    bool consent = !m_discard.isEmpty();
    for (auto it = m_discard.cbegin(); it != m_discard.cend(); ++it)
        consent = consent && it.value()->text().trimmed() == it.key();
    m_wizard->options().discardReplicaData = consent;
    m_plan = m_wizard->plan(true);
    const bool passwordLater = m_wizard->options().auth != SetupOptions::Auth::Keep && m_wizard->options().password.isEmpty();
    // Judged with a stand-in: the password is chosen on the next page.
    m_checks->setPreconditions(m_plan.preconditions, [this, passwordLater](const Precondition &p) {
        return passwordLater && p.text.contains(QLatin1String("password is given")) ? tr("chosen on the next page")
                                                                                     : p.detail;
    });
    const int failed = m_checks->failed();
    m_status->setText(failed == 0 ? tr("All %n check(s) passed.", nullptr, int(m_plan.preconditions.size()))
                                  : tr("%n check(s) failed: fix them and Check Again, or go Back.", nullptr, failed));
    Q_EMIT completeChanged();
}

bool SetupPreflightPage::isComplete() const
{
    return m_wizard->hasFacts() && !m_wizard->isProbing() && !m_plan.preconditions.isEmpty() && m_plan.canRun();
}
