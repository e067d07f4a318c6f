#pragma once

#include <QString>

// Reading the progress lines steps report (StepContext::progress) for a progress bar or a
// machine-readable event: "full sync: 12.0 MB of 100.0 MB (12%)", "loading the copy: 40%",
// "compared 250 of 1000 keys".
namespace ProgressText {

// The percentage a line states (bracketed first, then any "N%", then "N of M"), 0..100;
// -1 when it states none.
int percent(const QString &text);

} // namespace ProgressText
