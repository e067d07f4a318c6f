#pragma once

#include <QString>
#include <QStringList>

// The lines typed into one console, oldest first, for Up/Down recall. Bounded; a line equal
// to the previous one is not stored twice; secrets (AUTH passwords, requirepass/masterauth
// values, ACL passwords) are replaced by a placeholder before anything is stored, so neither
// the history nor the echoed line ever holds them.
class ConsoleHistory
{
public:
    static constexpr int DefaultCapacity = 500;

    explicit ConsoleHistory(int capacity = DefaultCapacity);

    void add(const QString &line);
    void clear();
    QStringList entries() const { return m_entries; }
    int size() const { return int(m_entries.size()); }
    int capacity() const { return m_capacity; }

    // Browsing, like a shell: previous() walks back (the first call remembers `draft`, the
    // text being typed), next() forward and finally back to the draft; both return the text
    // to show, `current` when there is nowhere to go. add() ends browsing.
    QString previous(const QString &draft);
    QString next(const QString &current);
    bool isBrowsing() const { return m_cursor < m_entries.size(); }

    // `line` with every secret replaced by redactedMarker(); unchanged when it holds none.
    static QString redact(const QString &line);
    static QString redactedMarker();

private:
    QStringList m_entries;
    int m_capacity;
    qsizetype m_cursor = 0;
    QString m_draft;
};
