#include "HealthCheckDialog.h"

#include "FindingText.h"

#include "ops/PlanRunDialog.h"

#include "doctor/Doctor.h"
#include "ops/NodeClients.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

HealthCheckDialog::HealthCheckDialog(const OperationEnvironment &env, const QString &node, PlanOpener openPlan,
                                     QWidget *parent)
    : QDialog(parent)
    , m_env(env)
    , m_node(node)
    , m_openPlan(std::move(openPlan))
{
    setObjectName(QStringLiteral("healthCheckDialog"));
    setWindowTitle(tr("Health Check — %1").arg(node));
    m_doctor = new Doctor(env.newClients(this), this);
    connect(m_doctor, &Doctor::progress, this, [this](const QString &text) { m_status->setText(text); });
    connect(m_doctor, &Doctor::finished, this, &HealthCheckDialog::present);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("healthStatusLabel"));
    m_status->setWordWrap(true);
    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("healthFindingsList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Severity"), tr("Finding"), tr("Evidence")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_details = new QTextBrowser;
    m_details->setObjectName(QStringLiteral("healthFindingDetails"));
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_list);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_fixButton = buttons->addButton(tr("Apply Fix…"), QDialogButtonBox::ActionRole);
    m_fixButton->setObjectName(QStringLiteral("healthApplyFixButton"));
    m_fixButton->setToolTip(tr("Review the plan that fixes the selected finding, then run it"));
    m_againButton = buttons->addButton(tr("Check Again"), QDialogButtonBox::ActionRole);
    m_againButton->setObjectName(QStringLiteral("healthCheckAgainButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_fixButton, &QPushButton::clicked, this, &HealthCheckDialog::applyFix);
    connect(m_againButton, &QPushButton::clicked, this, &HealthCheckDialog::check);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &HealthCheckDialog::showDetails);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(820, 520);
    check();
}

void HealthCheckDialog::check()
{
    if (m_checking)
        return;
    m_checking = true;
    m_againButton->setEnabled(false);
    m_fixButton->setEnabled(false);
    m_status->setText(tr("Checking %1…").arg(m_node));
    const ConnectionProfile profile = m_env.profileFor ? m_env.profileFor(m_node) : ConnectionProfile();
    m_doctor->run({{m_node, profile.ssh}});
}

void HealthCheckDialog::present(const DoctorReport &report)
{
    m_checking = false;
    m_report = report;
    m_againButton->setEnabled(true);
    m_list->clear();
    for (const Finding &f : report.findings) {
        auto *item = new QTreeWidgetItem(m_list, {FindingText::severity(f.severity), f.code, f.evidence});
        item->setIcon(0, FindingText::severityIcon(f.severity));
        item->setToolTip(2, f.evidence);
    }
    QStringList lines;
    if (report.unreachable.contains(m_node))
        lines << tr("%1 could not be reached: %2").arg(m_node, report.unreachable.value(m_node));
    else if (report.findings.isEmpty())
        lines << tr("No findings on %1.").arg(m_node);
    else
        lines << tr("%n finding(s) on %1.", nullptr, int(report.findings.size())).arg(m_node);
    lines << tr("Checked: %1.").arg(report.checked.value(m_node).join(QStringLiteral(", ")));
    if (report.skipped.contains(m_node))
        lines << report.skipped.value(m_node);
    m_status->setText(lines.join(QLatin1Char(' ')));
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    showDetails();
    Q_EMIT checked(report);
}

const Finding *HealthCheckDialog::selected() const
{
    const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    return row >= 0 && row < m_report.findings.size() ? &m_report.findings.at(row) : nullptr;
}

void HealthCheckDialog::showDetails()
{
    const Finding *f = selected();
    m_fixButton->setEnabled(f && f->hasFix() && !m_checking);
    if (!f) {
        m_details->clear();
        return;
    }
    QString html = FindingText::detailsHtml(*f);
    if (f->hasFix())
        html += QStringLiteral("<p>%1</p>").arg(tr("Tandem can apply this fix as a reviewed plan: Apply Fix…"));
    m_details->setHtml(html);
}

void HealthCheckDialog::applyFix()
{
    const Finding *f = selected();
    if (!f || !f->hasFix() || !m_openPlan)
        return;
    const Plan plan = f->fix;
    auto *dialog = new PlanRunDialog(m_env, [plan] { return plan; }, parentWidget());
    dialog->setObjectName(QStringLiteral("doctorFixDialog"));
    connect(dialog, &PlanRunDialog::finished, this, [this](const ExecutionReport &) { check(); });
    m_openPlan(dialog);
}
