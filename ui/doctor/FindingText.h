#pragma once

#include "doctor/Finding.h"

#include <QIcon>
#include <QString>

// How a doctor finding is shown wherever findings are listed (Health Check, the set-up
// wizard's preflight): severity word and icon, and the details (evidence, meaning, fix).
namespace FindingText {

QString severity(Finding::Severity s);
QIcon severityIcon(Finding::Severity s);
// Severity, code and host, the evidence, what it means and the fix, as HTML.
QString detailsHtml(const Finding &f);

} // namespace FindingText
