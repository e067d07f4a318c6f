#include "SetupPreflightPage.h"

#include "SetupWizard.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
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
    m_checks = new QTreeWidget(this);
    m_checks->setObjectName(QStringLiteral("setupPreconditionList"));
    m_checks->setHeaderLabels({tr("Check"), tr("Observed")});
    m_checks->setRootIsDecorated(false);
    m_checks->setWordWrap(true);
    m_checks->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_checks->header()->setSectionResizeMode(1, QHeaderView::Stretch);
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
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_checks, 1);
    layout->addWidget(m_consents);
    layout->addWidget(m_repoint);
    connect(m_again, &QPushButton::clicked, this, [this] {
        m_checks->clear();
        m_wizard->probe();
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
    m_checks->clear();
    m_plan = Plan();
    qDeleteAll(m_discard);
    m_discard.clear();
    m_repoint->hide();
    m_status->setText(tr("Reading %n node(s)…", nullptr, int(m_wizard->options().replicas.size()) + 1));
    m_again->setEnabled(false);
    m_wizard->options().discardReplicaData = false;
    m_wizard->options().repoint = false;
    m_wizard->probe();
    Q_EMIT completeChanged();
}

void SetupPreflightPage::onProbed()
{
    m_again->setEnabled(true);
    rebuildConsents();
    judge();
}

void SetupPreflightPage::rebuildConsents()
{
    qDeleteAll(m_discard);
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
        auto *edit = new QLineEdit(m_consents);
        edit->setObjectName(QStringLiteral("setupDiscardConfirm:") + r);
        edit->setPlaceholderText(tr("type %1 to discard its %n key(s)", nullptr, int(qMin<qint64>(f->keys, INT_MAX))).arg(r));
        edit->setToolTip(tr("%1 holds %n key(s). REPLICAOF replaces them with a copy of the master's data; they "
                            "cannot be brought back.", nullptr, int(qMin<qint64>(f->keys, INT_MAX))).arg(r));
        m_consentBox->addWidget(edit);
        m_discard.insert(r, edit);
        connect(edit, &QLineEdit::textChanged, this, &SetupPreflightPage::judge);
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
    m_checks->clear();
    for (const Precondition &p : std::as_const(m_plan.preconditions)) {
        auto *item = new QTreeWidgetItem(m_checks, {p.text, p.detail});
        item->setIcon(0, QIcon(p.ok ? QStringLiteral(":/icons/status-up.svg") : QStringLiteral(":/icons/status-error.svg")));
        item->setToolTip(0, p.text);
        item->setToolTip(1, p.detail);
        if (!p.ok)
            item->setForeground(0, QColor(0xd9, 0x3b, 0x3b));
    }
    int failed = 0;
    for (const Precondition &p : std::as_const(m_plan.preconditions))
        failed += p.ok ? 0 : 1;
    m_status->setText(failed == 0 ? tr("All %n check(s) passed.", nullptr, int(m_plan.preconditions.size()))
                                  : tr("%n check(s) failed: fix them and Check Again, or go Back.", nullptr, failed));
    Q_EMIT completeChanged();
}

bool SetupPreflightPage::isComplete() const
{
    return m_wizard->hasFacts() && !m_wizard->isProbing() && !m_plan.preconditions.isEmpty() && m_plan.canRun();
}
