#include "MetricChart.h"

#include <QChart>
#include <QCategoryAxis>
#include <QDateTime>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

#include <cmath>

namespace {

// Series colours that read on both light and dark backgrounds.
QColor lineColor(int i)
{
    static const QColor colors[] = {
        QColor(0x2f, 0x81, 0xf7), QColor(0x2d, 0xa4, 0x4e), QColor(0xd2, 0x99, 0x22),
        QColor(0xbf, 0x4b, 0x8a), QColor(0x1b, 0x9e, 0xa7), QColor(0xe8, 0x6a, 0x33),
    };
    return colors[i % int(std::size(colors))];
}

// A round upper bound for the y axis: 1, 2, 5 x 10^n.
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

MetricChart::MetricChart(const QString &title, Unit unit, QWidget *parent)
    : QChartView(parent)
    , m_title(title)
    , m_unit(unit)
    , m_x(new QCategoryAxis)
    , m_y(new QValueAxis)
{
    auto *c = new QChart;
    c->setAnimationOptions(QChart::NoAnimation);
    c->setBackgroundRoundness(0);
    c->setMargins(QMargins(2, 2, 14, 2));  // room for the "now" label
    c->layout()->setContentsMargins(0, 0, 0, 0);
    c->legend()->setVisible(false);
    c->legend()->setAlignment(Qt::AlignBottom);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    c->legend()->setFont(small);
    c->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    c->setTitleFont(titleFont);

    m_x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_x->setLabelsFont(small);
    m_y->setLabelsFont(small);
    m_y->setTickCount(3);
    m_y->setRange(0, 1);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(150);
    setWindow(10 * 60 * 1000);
    applyPalette();
}

void MetricChart::setWindow(qint64 windowMs)
{
    if (windowMs == m_windowMs || windowMs <= 0)
        return;
    m_windowMs = windowMs;
    for (const QString &label : m_x->categoriesLabels())
        m_x->remove(label);
    // About five labelled ticks, on whole minutes when the window is long enough.
    const qint64 seconds = windowMs / 1000;
    m_x->setStartValue(double(-seconds) - 1);
    qint64 step = std::max<qint64>(1, seconds / 5);
    if (step >= 60)
        step = step / 60 * 60;
    for (qint64 at = -seconds; at <= 0; at += step) {
        QString label;
        if (at == 0)
            label = tr("now");
        else if (step % 60 == 0)
            label = tr("%1 min").arg(at / 60);
        else
            label = tr("%1 s").arg(at);
        m_x->append(label, double(at));
    }
    if (!m_x->categoriesLabels().contains(tr("now")))
        m_x->append(tr("now"), 0);
    m_x->setRange(double(-seconds), 0);
}

QLineSeries *MetricChart::seriesAt(int i)
{
    while (m_series.size() <= i) {
        auto *s = new QLineSeries;
        QPen pen(lineColor(int(m_series.size())));
        pen.setWidthF(1.6);
        s->setPen(pen);
        chart()->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        m_series.append(s);
    }
    return m_series.at(i);
}

void MetricChart::setLines(const QList<Line> &lines, qint64 endMs, qint64 windowMs)
{
    while (m_series.size() > lines.size()) {
        QLineSeries *s = m_series.takeLast();
        chart()->removeSeries(s);
        delete s;
    }

    double maxValue = 0;
    for (const Line &line : lines) {
        for (const QPointF &p : line.points)
            maxValue = std::max(maxValue, p.y());
    }
    // Bytes are shown in the unit that keeps the numbers short.
    double divisor = 1;
    QString suffix;
    if (m_unit == Unit::Bytes) {
        const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (u < 4 && maxValue / divisor >= 1024 * 2) {
            divisor *= 1024;
            ++u;
        }
        suffix = QLatin1Char(' ') + QLatin1String(units[u]);
    } else if (m_unit == Unit::Seconds) {
        suffix = QStringLiteral(" s");
    }

    setWindow(windowMs);
    const qint64 end = endMs > 0 ? endMs : QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < lines.size(); ++i) {
        QList<QPointF> scaled = lines.at(i).points;
        for (QPointF &p : scaled)
            p = QPointF((p.x() - double(end)) / 1000.0, p.y() / divisor);
        QLineSeries *s = seriesAt(i);
        if (s->name() != lines.at(i).name)
            s->setName(lines.at(i).name);
        s->replace(scaled);
    }
    const bool legend = lines.size() > 1;
    if (chart()->legend()->isVisible() != legend) {
        chart()->legend()->setVisible(legend);
        setMinimumHeight(legend ? 190 : 150);  // the legend must not squash the plot
    }

    const double top = niceCeiling(maxValue / divisor * 1.1);
    m_y->setRange(0, top);
    m_y->setLabelFormat(QString((top < 10 ? QStringLiteral("%.1f") : QStringLiteral("%.0f")) + suffix));

    // The newest value in the title: the number an operator looks for first.
    QString latest;
    if (lines.size() == 1 && !lines.first().points.isEmpty()) {
        const double v = lines.first().points.constLast().y();
        latest = m_unit == Unit::Bytes
            ? QLocale().formattedDataSize(qint64(v), 1, QLocale::DataSizeIecFormat)
            : QLocale().toString(v, 'f', 0) + (m_unit == Unit::Seconds ? QStringLiteral(" s") : QString());
    }
    chart()->setTitle(latest.isEmpty() ? m_title : tr("%1 · now %2").arg(m_title, latest));
}

void MetricChart::applyPalette()
{
    const QPalette pal = palette();
    QChart *c = chart();
    c->setBackgroundBrush(pal.brush(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(pal.brush(QPalette::Text));
    c->legend()->setLabelColor(pal.color(QPalette::Text));
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.12);
    QColor line = pal.color(QPalette::Text);
    line.setAlphaF(0.35);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_y)}) {
        axis->setLabelsColor(pal.color(QPalette::PlaceholderText));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
    }
    setBackgroundBrush(pal.brush(QPalette::Base));
}

void MetricChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}
