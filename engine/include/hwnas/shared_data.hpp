#pragma once
// SharedData: immutable data that the plugins of one command make once and
// share, by key. A batch over three datasets and 27 devices builds one
// environment (space and providers) per dataset; with SharedData the table
// provider parses each table file and each column once for all of them, so
// the tables are resident once instead of once per dataset.
//
// The engine gives one SharedData to the plugins of every environment with
// the same search space (same plugin and parameters, same data folder), so a
// key need not name the space. It outlives none of the plugins' objects: the
// values are held by shared_ptr, and whoever holds one keeps it alive.
#include <cstddef>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <typeinfo>

namespace hwnas {

class SharedData {
public:
    SharedData() = default;
    SharedData(const SharedData&) = delete;
    SharedData& operator=(const SharedData&) = delete;

    /// The value stored under `key`, made by `make()` (returning
    /// std::shared_ptr<const T>) on first use. Thread-safe: the first caller
    /// makes it, callers on other threads wait for it instead of making it
    /// again, and all get the same object (or the exception `make` threw).
    /// `make` may run inside one of the engine's oneTBB tasks while other
    /// tasks wait for it: it must not ask for its own key, nor start parallel
    /// work on the engine's threads (a waiting thread could be handed a task
    /// that waits for this very value).
    template <class T, class Make>
    std::shared_ptr<const T> get(const std::string& key, Make&& make) {
        const std::string full_key = typed_key<T>(key);
        std::promise<std::shared_ptr<const void>> promise;
        std::shared_future<std::shared_ptr<const void>> value;
        bool maker = false;
        {
            const std::lock_guard lock(mutex_);
            const auto it = values_.find(full_key);
            if (it != values_.end()) {
                value = it->second;
            } else {
                value = promise.get_future().share();
                values_.emplace(full_key, value);
                maker = true;
            }
        }
        if (maker) {
            try {
                std::shared_ptr<const T> made = std::forward<Make>(make)();
                promise.set_value(std::move(made));
            } catch (...) {
                promise.set_exception(std::current_exception());
            }
        }
        return std::static_pointer_cast<const T>(value.get());
    }

    /// The value stored under `key` if it is made or being made (then this
    /// waits for it, and throws what its maker threw), else null. For a
    /// plugin that makes several values in one pass: it takes those there
    /// are and makes the rest together, then stores each with get(); where
    /// another thread stored one meanwhile, get() returns that one.
    template <class T>
    std::shared_ptr<const T> find(const std::string& key) const {
        std::shared_future<std::shared_ptr<const void>> value;
        {
            const std::lock_guard lock(mutex_);
            const auto it = values_.find(typed_key<T>(key));
            if (it == values_.end()) return nullptr;
            value = it->second;
        }
        return std::static_pointer_cast<const T>(value.get());
    }

    /// Number of keys made or being made (for tests and diagnostics).
    [[nodiscard]] std::size_t size() const {
        const std::lock_guard lock(mutex_);
        return values_.size();
    }

private:
    // The type is part of the key, so two plugins using one key for
    // different types never see each other's value.
    template <class T>
    static std::string typed_key(const std::string& key) {
        return std::string(typeid(T).name()) + '\n' + key;
    }

    mutable std::mutex mutex_;
    std::map<std::string, std::shared_future<std::shared_ptr<const void>>> values_;
};

}  // namespace hwnas
