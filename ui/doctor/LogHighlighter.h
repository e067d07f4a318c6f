#pragma once

#include <QSyntaxHighlighter>

// Colours the lines of a redis-server log that match a known signature (LogSignatureTable):
// critical ones red, warnings amber, and the level marker '#' (warning) in bold.
class LogHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

    // How many blocks matched a signature at the last full rehighlight (for the status line).
    int matches() const { return m_matches; }

protected:
    void highlightBlock(const QString &text) override;

private:
    int m_matches = 0;
};
