#include "SetupHealthPanel.h"

#include "doctor/Doctor.h"
#include "doctor/FindingText.h"
#include "ops/NodeClients.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

SetupHealthPanel::SetupHealthPanel(const OperationEnvironment &env, QWidget *parent)
    : QWidget(parent)
    , m_env(env)
{
    setObjectName(QStringLiteral("setupHealthPanel"));
    m_doctor = new Doctor(env.newClients(this), this);
    connect(m_doctor, &Doctor::progress, this, [this](const QString &text) { m_status->setText(tr("Health: %1").arg(text)); });
    connect(m_doctor, &Doctor::finished, this, &SetupHealthPanel::present);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("setupHealthStatus"));
    m_status->setWordWrap(true);
    m_critical = new QLabel(this);
    m_critical->setObjectName(QStringLiteral("setupHealthCritical"));
    m_critical->setWordWrap(true);
    m_critical->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_critical->hide();
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("setupHealthList"));
    m_list->setRootIsDecorated(false);
    m_list->setWordWrap(true);
    m_list->setHeaderLabels({tr("Severity"), tr("Node"), tr("Finding"), tr("Evidence"), tr("Fix")});
    for (int c = 0; c < 3; ++c)
        m_list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(4, QHeaderView::Stretch);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_critical);
    layout->addWidget(m_list, 1);
}

void SetupHealthPanel::check(const QStringList &nodes)
{
    m_nodes = nodes;
    if (m_checking) {
        m_again = true;
        return;
    }
    m_checking = true;
    m_list->clear();
    m_critical->hide();
    m_status->setText(tr("Health: checking %n node(s)…", nullptr, int(nodes.size())));
    QList<Doctor::Target> targets;
    for (const QString &node : nodes)
        targets.append({node, m_env.profileFor ? m_env.profileFor(node).ssh : SshOptions()});
    m_doctor->run(targets);
}

void SetupHealthPanel::present(const DoctorReport &report)
{
    m_checking = false;
    if (m_again) {
        m_again = false;
        check(m_nodes);
        return;
    }
    m_report = report;
    FindingList findings = report.findings;
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding &a, const Finding &b) { return int(a.severity) > int(b.severity); });
    m_list->clear();
    int critical = 0;
    for (const Finding &f : std::as_const(findings)) {
        auto *item = new QTreeWidgetItem(m_list, {FindingText::severity(f.severity), f.node, f.code, f.evidence, f.fixText});
        item->setIcon(0, FindingText::severityIcon(f.severity));
        const QString details = FindingText::detailsHtml(f);
        for (int c = 0; c < m_list->columnCount(); ++c)
            item->setToolTip(c, details);
        if (f.severity == Finding::Severity::Critical) {
            ++critical;
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int c = 0; c < m_list->columnCount(); ++c)
                item->setFont(c, bold);
        }
    }
    m_critical->setVisible(critical > 0);
    // Nothing to list: the status line alone, and the room goes back to the checks above.
    m_list->setVisible(!findings.isEmpty());
    setMaximumHeight(findings.isEmpty() ? sizeHint().height() : QWIDGETSIZE_MAX);
    m_critical->setText(tr("%n critical finding(s): read them before going on (they do not stop the set-up).", nullptr, critical));
    QStringList lines;
    if (findings.isEmpty())
        lines << tr("Health: no findings on %1.").arg(m_nodes.join(QStringLiteral(", ")));
    else
        lines << tr("Health: %n finding(s) on the chosen nodes.", nullptr, int(findings.size()));
    for (const QString &node : std::as_const(m_nodes)) {
        if (report.unreachable.contains(node))
            lines << tr("%1 could not be reached: %2.").arg(node, report.unreachable.value(node));
        else
            lines << tr("%1 checked: %2.").arg(node, report.checked.value(node).join(QStringLiteral(", ")));
    }
    m_status->setText(lines.join(QLatin1Char(' ')));
    Q_EMIT checked(report);
}

QString SetupHealthPanel::statusText() const
{
    return m_status->text();
}
