#include "FindingText.h"

#include <QCoreApplication>

namespace FindingText {

QString severity(Finding::Severity s)
{
    switch (s) {
    case Finding::Severity::Critical:
        return QCoreApplication::translate("FindingText", "Critical");
    case Finding::Severity::Warning:
        return QCoreApplication::translate("FindingText", "Warning");
    case Finding::Severity::Info:
        return QCoreApplication::translate("FindingText", "Info");
    }
    return {};
}

QIcon severityIcon(Finding::Severity s)
{
    switch (s) {
    case Finding::Severity::Critical:
        return QIcon::fromTheme(QStringLiteral("dialog-error"));
    case Finding::Severity::Warning:
        return QIcon::fromTheme(QStringLiteral("dialog-warning"));
    case Finding::Severity::Info:
        return QIcon::fromTheme(QStringLiteral("dialog-information"));
    }
    return {};
}

QString detailsHtml(const Finding &f)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("FindingText", text); };
    QString html = QStringLiteral("<p><b>%1</b> — %2%3</p>")
                       .arg(severity(f.severity), f.code.toHtmlEscaped(),
                            f.host.isEmpty() ? QString() : tr(" (host %1)").arg(f.host.toHtmlEscaped()));
    html += QStringLiteral("<p><b>%1</b><br><code>%2</code></p>").arg(tr("Evidence"), f.evidence.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr("What it means"), f.meaning.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr("Fix"), f.fixText.toHtmlEscaped());
    return html;
}

} // namespace FindingText
