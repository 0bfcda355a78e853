// One browser and one sandbox at a time: the machine running the suites is small.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
