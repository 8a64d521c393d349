package dev.warden.daemon.schedule;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz, used only to fire triggers. Each job hands its task to Vert.x and returns at once, so
 * Quartz's threads never wait on a database and a slow target never delays another's trigger.
 */
public final class WardenScheduler {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Scheduler scheduler;

    public WardenScheduler() {
        Properties properties = new Properties();
        // Quartz hands out schedulers by name within a JVM: each Warden gets its own.
        properties.setProperty("org.quartz.scheduler.instanceName", "warden-" + INSTANCES.incrementAndGet());
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        // The only job reads its task from the data map: no need for Quartz's default factory, which sets
        // the map's entries as bean properties through reflection at every firing (issue 14: 100 targets
        // fire about 35 triggers a second).
        properties.setProperty("org.quartz.scheduler.jobFactory.class", "org.quartz.simpl.SimpleJobFactory");
        try {
            scheduler = new StdSchedulerFactory(properties).getScheduler();
        } catch (SchedulerException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot create the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /** Runs {@code task} every {@code interval}; a missed firing is dropped, never made up in a burst. */
    public void every(String name, Duration interval, Runnable task) {
        JobDataMap data = new JobDataMap();
        data.put(DispatchJob.TASK, task);
        try {
            scheduler.scheduleJob(
                    JobBuilder.newJob(DispatchJob.class).withIdentity(name).usingJobData(data).build(),
                    TriggerBuilder.newTrigger().withIdentity(name).startNow()
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                    .withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                                    .withMisfireHandlingInstructionNextWithRemainingCount())
                            .build());
        } catch (SchedulerException e) {
            refused(name, e);
        }
    }

    /** Runs {@code task} on a Quartz cron expression (seconds first); a missed firing is dropped. */
    public void cron(String name, String expression, Runnable task) {
        JobDataMap data = new JobDataMap();
        data.put(DispatchJob.TASK, task);
        try {
            scheduler.scheduleJob(
                    JobBuilder.newJob(DispatchJob.class).withIdentity(name).usingJobData(data).build(),
                    TriggerBuilder.newTrigger().withIdentity(name)
                            .withSchedule(CronScheduleBuilder.cronSchedule(expression).withMisfireHandlingInstructionDoNothing())
                            .build());
        } catch (SchedulerException e) {
            refused(name, e);
        }
    }

    /** A task asked for once Warden stops (a target's baseline loaded late) has nothing to run it, and is dropped. */
    private void refused(String name, SchedulerException e) {
        boolean stopped;
        try {
            stopped = scheduler.isShutdown();
        } catch (SchedulerException unknown) {
            stopped = false;
        }
        if (!stopped) {
            throw new WardenException(ErrorCode.FAILED, "cannot schedule " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops firing {@code name} and forgets it; nothing happens when there is no such job. */
    public void cancel(String name) {
        try {
            scheduler.deleteJob(JobKey.jobKey(name));
        } catch (SchedulerException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot cancel " + name + ": " + e.getMessage(), e);
        }
    }

    /** Whether a job named {@code name} is on the schedule. */
    public boolean scheduled(String name) {
        try {
            return scheduler.checkExists(JobKey.jobKey(name));
        } catch (SchedulerException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot look up " + name + ": " + e.getMessage(), e);
        }
    }

    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot start the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /** Stops firing; jobs only dispatch, so there is nothing to wait for. */
    public void shutdown() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot stop the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /** The only Quartz job: runs the task it was given, which hands work to an event loop. */
    public static final class DispatchJob implements Job {
        static final String TASK = "task";

        @Override
        public void execute(JobExecutionContext context) {
            ((Runnable) context.getMergedJobDataMap().get(TASK)).run();
        }
    }
}
