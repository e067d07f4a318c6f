#pragma once

#include "ExportSentinelCommand.h"

class ExportJob;

// tandemctl export bundle --seed NODE [--include-secrets] [sentinel options] --out FILE.tar.gz|DIR:
// everything to deploy the seed's group on Debian's multi-instance layout, with a README.md that
// lists the steps in order for these servers and a checksum list.
class ExportBundleCommand : public ExportSentinelCommand
{
    Q_OBJECT
public:
    using ExportSentinelCommand::ExportSentinelCommand;

protected:
    QString description() const override;
    QList<QCommandLineOption> ownOptions() const override;
    bool takeOptions(const QCommandLineParser &parser) override;
    void startExport(const Topology &topology, const QString &seed,
                     const std::function<ConnectionProfile(const QString &)> &profileFor) override;
    void exported(const GroupExportFacts &) override {}

private:
    void onFinished();

    ExportJob *m_job = nullptr;
    QString m_out;
};
