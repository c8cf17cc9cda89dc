/* The worker pool: one reader thread reads the documents in input order into a ring of
 * jobs; N worker threads take them in that order and process them, each with its own
 * engine; and the worker that completes the next job in order writes it out, with any done
 * jobs after it. Whatever N is, the output is the output of one thread; with N = 1 there is
 * only the calling thread.
 *
 * Memory stays bounded whatever the corpus: the ring holds at most `max_jobs` documents, and
 * the reader waits while the jobs in flight (their input, or their output once worked) hold
 * `max_bytes` or more, so a few huge documents cannot pile up.
 *
 * One mutex guards the counters and the per-slot state; a job's slot belongs to one thread
 * at a time, handed over under the mutex: the reader fills slot `read` before publishing it,
 * a worker owns the slot it claimed until it marks it done, and the writer (whichever worker
 * holds the `writing` token) owns it from then until it advances `written`. The calling
 * thread only waits for the end, looking at cli_stop a few times a second. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

atomic_int cli_stop;

#define STOP_CHECK_NS (100 * 1000 * 1000) /* how often the calling thread looks at cli_stop */

typedef struct slot_state {
    bool done;   /* worked, waiting to be written */
    size_t held; /* bytes it holds, as counted in pool.held */
} slot_state;

typedef struct pool {
    const cli_pool_ops *ops;
    pthread_mutex_t lock;
    pthread_cond_t can_read; /* the ring has room and the byte budget allows */
    pthread_cond_t can_work; /* a job is waiting, or the input has ended */
    pthread_cond_t finished; /* every job is written, or the run stopped */
    cli_job *ring;
    slot_state *state;
    size_t cap;
    uint64_t read, claimed, written; /* jobs read, taken by workers, written */
    size_t held, max_bytes;
    bool eof;            /* the reader has read its last job */
    bool writing;        /* a worker is writing jobs out: the writer's token */
    bool reader_waiting; /* the reader waits for the ring to drain to half */
    bool stopping;
    cli_pool_end end;
} pool;

typedef struct worker_arg {
    pool *p;
    unsigned index;
} worker_arg;

static bool all_written(const pool *p)
{
    return p->eof && p->written == p->read;
}

/* Tells every thread to stop at its next look at the pool. Lock held. */
static void stop(pool *p, cli_pool_end end)
{
    if (!p->stopping)
        p->end = end;
    p->stopping = true;
    pthread_cond_broadcast(&p->can_read);
    pthread_cond_broadcast(&p->can_work);
    pthread_cond_broadcast(&p->finished);
}

/* Whether the reader may read another job. Once the ring is full (or the byte budget spent)
 * it waits until half of it is free again, so that it wakes once per several documents. */
static bool may_read(const pool *p)
{
    uint64_t in_flight = p->read - p->written;
    if (in_flight == 0)
        return true;
    if (p->reader_waiting)
        return in_flight <= p->cap / 2 && p->held < p->max_bytes / 2;
    return in_flight < p->cap && p->held < p->max_bytes;
}

static void *reader_main(void *arg)
{
    pool *p = arg;
    pthread_setname_np(pthread_self(), "zhx-reader"); /* for top -H, perf and gdb */
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stopping && !may_read(p)) {
            p->reader_waiting = true;
            pthread_cond_wait(&p->can_read, &p->lock);
        }
        p->reader_waiting = false;
        if (p->stopping)
            break;
        size_t slot = (size_t)(p->read % p->cap);
        cli_job *job = &p->ring[slot];
        pthread_mutex_unlock(&p->lock);

        memset(job, 0, sizeof *job);
        bool more = p->ops->read(p->ops->user, job);

        pthread_mutex_lock(&p->lock);
        if (!more)
            break;
        p->state[slot] = (slot_state){false, job->doc.len};
        p->held += job->doc.len;
        p->read++;
        pthread_cond_signal(&p->can_work);
    }
    p->eof = true;
    pthread_cond_broadcast(&p->can_work);
    if (all_written(p))
        pthread_cond_broadcast(&p->finished);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Writes the done jobs at the head of the ring, in order, while holding the writer's token.
 * Entered and left with the lock held; the lock is released around each write. */
static void write_ready(pool *p)
{
    p->writing = true;
    while (!p->stopping && p->written < p->read && p->state[p->written % p->cap].done) {
        if (atomic_load(&cli_stop)) {
            stop(p, POOL_INTERRUPTED);
            break;
        }
        size_t slot = (size_t)(p->written % p->cap);
        cli_job *job = &p->ring[slot];
        pthread_mutex_unlock(&p->lock);

        bool ok = p->ops->write(p->ops->user, job);
        free(job->out);
        free(job->err);
        cli_doc_free(&job->doc);
        if (p->ops->tick)
            p->ops->tick(p->ops->user);

        pthread_mutex_lock(&p->lock);
        p->held -= p->state[slot].held;
        p->state[slot] = (slot_state){false, 0};
        p->written++;
        if (p->reader_waiting && may_read(p))
            pthread_cond_signal(&p->can_read);
        if (!ok) {
            atomic_store(&cli_stop, -1);
            stop(p, POOL_WRITE_FAILED);
        }
    }
    p->writing = false;
    if (all_written(p))
        pthread_cond_broadcast(&p->finished);
}

static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    pool *p = w->p;
    char name[16];
    snprintf(name, sizeof name, "zhx-worker-%u", w->index % 1000);
    pthread_setname_np(pthread_self(), name);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stopping && p->claimed == p->read && !p->eof)
            pthread_cond_wait(&p->can_work, &p->lock);
        if (p->stopping || p->claimed == p->read)
            break;
        uint64_t seq = p->claimed++;
        size_t slot = (size_t)(seq % p->cap);
        cli_job *job = &p->ring[slot];
        pthread_mutex_unlock(&p->lock);

        p->ops->work(p->ops->user, w->index, job);

        pthread_mutex_lock(&p->lock);
        p->held -= p->state[slot].held;
        p->state[slot].held = job->out_len + job->err_len;
        p->held += p->state[slot].held;
        p->state[slot].done = true;
        if (seq == p->written && !p->writing)
            write_ready(p);
        else if (p->reader_waiting && may_read(p))
            pthread_cond_signal(&p->can_read);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void deadline_after(struct timespec *ts, long ns)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_nsec += ns;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* The calling thread's part: waits until every job is written or the run stops. */
static cli_pool_end wait_for_end(pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (!all_written(p) && !p->stopping) {
        struct timespec until;
        deadline_after(&until, STOP_CHECK_NS);
        pthread_cond_timedwait(&p->finished, &p->lock, &until);
        if (atomic_load(&cli_stop))
            stop(p, POOL_INTERRUPTED);
    }
    cli_pool_end end = p->stopping ? p->end : POOL_DONE;
    stop(p, end); /* the workers waiting for jobs that will not come */
    pthread_mutex_unlock(&p->lock);
    return end;
}

static bool pool_init(pool *p, size_t max_jobs, size_t max_bytes, const cli_pool_ops *ops)
{
    memset(p, 0, sizeof *p);
    p->ops = ops;
    p->cap = max_jobs;
    p->max_bytes = max_bytes;
    p->ring = calloc(max_jobs, sizeof *p->ring);
    p->state = calloc(max_jobs, sizeof *p->state);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->can_read, NULL);
    pthread_cond_init(&p->can_work, NULL);
    pthread_cond_init(&p->finished, &attr);
    pthread_condattr_destroy(&attr);
    return p->ring && p->state;
}

/* Frees the jobs that were read but never written (after an early end), and the pool. */
static void pool_free(pool *p)
{
    for (uint64_t seq = p->written; seq < p->read; seq++) {
        cli_job *job = &p->ring[seq % p->cap];
        free(job->out);
        free(job->err);
        cli_doc_free(&job->doc);
    }
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->can_read);
    pthread_cond_destroy(&p->can_work);
    pthread_cond_destroy(&p->finished);
    free(p->ring);
    free(p->state);
    free(p);
}

/* -j 1: read, work and write each document in turn on the calling thread, so that a single
 * job uses exactly one core (what one zhx per core in a pipeline wants), and its speed is
 * the speed of one thread. */
static cli_pool_end run_inline(const cli_pool_ops *ops)
{
    cli_job job;
    for (;;) {
        memset(&job, 0, sizeof job);
        if (!ops->read(ops->user, &job))
            break;
        ops->work(ops->user, 0, &job);
        bool ok = atomic_load(&cli_stop) || ops->write(ops->user, &job);
        free(job.out);
        free(job.err);
        cli_doc_free(&job.doc);
        if (ops->tick)
            ops->tick(ops->user);
        if (!ok) {
            atomic_store(&cli_stop, -1);
            return POOL_WRITE_FAILED;
        }
        if (atomic_load(&cli_stop))
            break;
    }
    return atomic_load(&cli_stop) ? POOL_INTERRUPTED : POOL_DONE;
}

cli_pool_end cli_pool_run(unsigned workers, size_t max_jobs, size_t max_bytes,
                          const cli_pool_ops *ops)
{
    if (workers == 1)
        return run_inline(ops);
    pool *p = calloc(1, sizeof *p);
    worker_arg *args = calloc(workers, sizeof *args);
    pthread_t reader, *threads = calloc(workers, sizeof *threads);
    if (!p || !args || !threads || !pool_init(p, max_jobs, max_bytes, ops)) {
        if (p)
            free(p->ring), free(p->state);
        free(p);
        free(args);
        free(threads);
        return POOL_NO_THREADS;
    }
    bool reading = pthread_create(&reader, NULL, reader_main, p) == 0;
    unsigned started = 0;
    while (reading && started < workers) {
        args[started] = (worker_arg){p, started};
        if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0)
            break;
        started++;
    }
    cli_pool_end end;
    if (started == workers) {
        end = wait_for_end(p);
    } else {
        pthread_mutex_lock(&p->lock);
        stop(p, POOL_NO_THREADS);
        pthread_mutex_unlock(&p->lock);
        end = POOL_NO_THREADS;
    }
    if (reading)
        pthread_join(reader, NULL);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pool_free(p);
    free(args);
    free(threads);
    return end;
}
