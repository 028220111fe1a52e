import { ref, shallowRef, type Ref } from 'vue'
import { asProblem, type Problem } from '@/api/problem'

/**
 * A value loaded from the API with its loading flag and the refusal, if any (shown with <ProblemAlert>).
 * `run()` reloads; a newer run wins over an older one still in flight.
 */
export function useLoad<T>(loader: () => Promise<T>, options: { immediate?: boolean; initial?: T } = {}) {
  const data = shallowRef<T | undefined>(options.initial) as Ref<T | undefined>
  const loading = ref(false)
  const problem = ref<Problem>()
  let generation = 0
  async function run(): Promise<T | undefined> {
    const mine = ++generation
    loading.value = true
    problem.value = undefined
    try {
      const value = await loader()
      if (mine === generation) data.value = value
      return value
    } catch (e) {
      if (mine === generation) problem.value = asProblem(e)
      return undefined
    } finally {
      if (mine === generation) loading.value = false
    }
  }
  if (options.immediate !== false) void run()
  return { data, loading, problem, run }
}

/**
 * An action (a button): `busy` while it runs, `problem` when refused. Returns true on success.
 * Use for writes: the page shows the problem next to the button and changes nothing else.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const busy = ref(false)
  const problem = ref<Problem>()
  async function run(...args: A): Promise<boolean> {
    busy.value = true
    problem.value = undefined
    try {
      await action(...args)
      return true
    } catch (e) {
      problem.value = asProblem(e)
      return false
    } finally {
      busy.value = false
    }
  }
  return { busy, problem, run }
}
