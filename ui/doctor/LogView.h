#pragma once

#include "ops/OperationEnvironment.h"

#include <QByteArray>
#include <QDialog>

class LogHighlighter;
class NodeClients;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;

// Node → Server Log: the last lines of the node's log (path from CONFIG GET logfile, else
// journalctl -u redis-server), read over the node's SSH host every few seconds; lines with a
// known signature are highlighted, and a filter keeps the lines containing its text.
class LogView : public QDialog
{
    Q_OBJECT
public:
    LogView(const OperationEnvironment &env, const QString &node, QWidget *parent = nullptr);

    void setRefreshInterval(int ms);
    QString source() const { return m_source; }
    int highlightedLines() const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void refreshed();

private:
    void locate();
    void render();

    OperationEnvironment m_env;
    QString m_node;
    SshOptions m_ssh;
    NodeClients *m_clients;
    QString m_source;        // the log file's path, or empty for journalctl
    bool m_located = false;
    bool m_reading = false;
    QByteArray m_text;
    QLabel *m_status;
    QLineEdit *m_filter;
    QPlainTextEdit *m_view;
    LogHighlighter *m_highlighter;
    QTimer *m_timer;
};
